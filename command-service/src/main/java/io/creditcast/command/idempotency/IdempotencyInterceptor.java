package io.creditcast.command.idempotency;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Stores a command's result under its idempotency key in the same unit of work (and so the same
 * database transaction) that appends its events.
 */
@Component
public class IdempotencyInterceptor {
    public static final String KEY = "idempotencyKey";
    public static final String PRINCIPAL = "idempotencyPrincipal";
    public static final String SCOPE = "idempotencyScope";
    public static final String HASH = "idempotencyRequestHash";

    private final IdempotencyStore store;

    public IdempotencyInterceptor(IdempotencyStore store, CommandBus commandBus) {
        this.store = store;
        // registered here, explicitly, once: a bean implementing MessageHandlerInterceptor would be
        // registered a second time by Axon's auto-configuration
        MessageHandlerInterceptor<CommandMessage<?>> interceptor = this::handle;
        commandBus.registerHandlerInterceptor(interceptor);
    }

    private Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        var metaData = unitOfWork.getMessage().getMetaData();
        Object key = metaData.get(KEY);
        Object result = chain.proceed();
        if (key != null) {
            unitOfWork.onPrepareCommit(u -> store.insert(
                    (String) metaData.get(PRINCIPAL),
                    (String) key,
                    (String) metaData.get(SCOPE),
                    (String) metaData.get(HASH),
                    result));
        }
        return result;
    }
}

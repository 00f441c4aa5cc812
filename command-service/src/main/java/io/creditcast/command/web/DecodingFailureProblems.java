package io.creditcast.command.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Requests Reactor Netty's HTTP decoder refuses before any application code runs (a header block over
 * {@code server.max-http-request-header-size} → 431, a request line too long → 414) are answered by
 * Reactor Netty with an empty body. This handler, placed right after the HTTP codec, gives those empty
 * answers a problem+json body so every refusal has the same shape. Found by the
 * reliability harness's bad-input campaign.
 */
@Component
public class DecodingFailureProblems implements NettyServerCustomizer {
    static final String HANDLER_NAME = "creditcast.decodingFailureProblems";
    /** Statuses only the transport produces (431 header fields too large, 414 URI too long). */
    static final java.util.Set<Integer> TRANSPORT_STATUSES = java.util.Set.of(431, 414);

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, address) -> {
            var pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(HANDLER_NAME) == null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, new Handler());
            }
        });
    }

    /** Rewrites an empty, complete 4xx response written by the transport into problem+json. */
    static final class Handler extends ChannelDuplexHandler {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof FullHttpResponse response
                    && TRANSPORT_STATUSES.contains(response.status().code())
                    && response.content().readableBytes() == 0
                    && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
                int status = response.status().code();
                String body = "{\"type\":\"" + ProblemTypes.BASE + "unreadable-request\",\"title\":\""
                        + "The request could not be read\",\"status\":" + status + ",\"detail\":\""
                        + response.status().reasonPhrase() + "\"}";
                FullHttpResponse problem = new DefaultFullHttpResponse(
                        response.protocolVersion(),
                        response.status(),
                        Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
                problem.headers().set(response.headers());
                problem.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
                problem.headers()
                        .set(HttpHeaderNames.CONTENT_LENGTH, problem.content().readableBytes());
                problem.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                response.release();
                super.write(ctx, problem, promise);
                return;
            }
            super.write(ctx, msg, promise);
        }
    }
}

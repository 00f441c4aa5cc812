package io.creditcast.command.chat.moderation;

import io.creditcast.command.chat.ChatProperties;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The admin's view of every chat moderation action (under /api/v1/admin: admins only). */
@RestController
@RequestMapping("/api/v1/admin/chat")
@Tag(name = "chat moderation")
public class ModerationAuditController {
    private final ModerationAudit audit;
    private final CommandSender commands;
    private final int pageMax;

    public ModerationAuditController(ModerationAudit audit, CommandSender commands, ChatProperties properties) {
        this.audit = audit;
        this.commands = commands;
        this.pageMax = properties.auditPageMax();
    }

    public record AuditPage(List<ModerationAudit.Entry> items, Long nextBeforeId) {}

    @GetMapping("/moderation-actions")
    @Operation(summary = "Chat moderation audit trail, newest first (cursor: before_id)")
    public Mono<AuditPage> list(
            @RequestParam(name = "stream_id", required = false) String streamId,
            @RequestParam(name = "before_id", required = false) Long beforeId,
            @RequestParam(name = "limit", defaultValue = "50") int limit) {
        if (limit < 1 || limit > pageMax) {
            throw ApiException.field("limit", "must be 1-" + pageMax);
        }
        long cursor = beforeId == null ? Long.MAX_VALUE : beforeId;
        return commands.blocking(() -> {
            var items = audit.page(streamId, cursor, limit);
            Long next = items.size() == limit ? items.get(items.size() - 1).id() : null;
            return new AuditPage(items, next);
        });
    }
}

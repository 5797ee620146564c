package fi.lainaamo.patron.tokens;

import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A problem+json for a refused sign-in with two extension members, lockedUntil (ISO instant) and retryAfter (seconds). */
public class SignInLockedMapper {

    @ServerExceptionMapper
    public Response locked(SignInLocked e, HttpHeaders headers) {
        Locale locale = Messages.locale(headers);
        String code = e.lock().code;
        long seconds = Math.max(1, Duration.between(Instant.now(), e.until()).toSeconds());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problem.TYPE_BASE + code);
        body.put("title", Messages.text(code + ".title", locale));
        body.put("status", 429);
        body.put("detail", Messages.text(e.lock().detailKey, locale, e.until().toString()));
        body.put("code", code);
        body.put("lockedUntil", e.until().toString());
        body.put("retryAfter", seconds);
        return Response.status(429).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage())
                .header("Retry-After", seconds)
                .entity(body).build();
    }
}

package org.communityhub.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.communityhub.api.Problem;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wrong credentials are refused before a request reaches its resource (Quarkus authenticates
 * proactively), so the API's exception mappers never see them: this failure handler answers them
 * with a 401 problem document and the Basic challenge. (Missing credentials are refused by the path
 * policy on {@code /api/*} with the challenge and an empty body still.)
 */
@ApplicationScoped
class AuthenticationProblems {

    private final String body;
    private final String challenge;

    AuthenticationProblems(ObjectMapper json, @ConfigProperty(name = "quarkus.http.auth.realm") String realm)
            throws JsonProcessingException {
        this.body = json.writeValueAsString(Problem.of(401, "Unauthorized", "wrong username or password"));
        this.challenge = "Basic realm=\"" + realm + "\"";
    }

    void register(@Observes Router router) {
        router.route().order(-1000).failureHandler(context -> {
            if (context.failure() instanceof AuthenticationFailedException && !context.response().ended()) {
                context.response().setStatusCode(401).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("WWW-Authenticate", challenge).end(body);
            } else {
                context.next();
            }
        });
    }
}

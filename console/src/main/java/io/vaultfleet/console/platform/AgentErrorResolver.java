package io.vaultfleet.console.platform;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Spring MVC's refusals of an agent request, as a status and a one-line reason that tells the caller what to send
 * instead. Runs before the controllers' own handlers so a body cut off by {@link AgentRequestGuard} is answered 413
 * (not as an unreadable document). What it does not name falls through to Spring's defaults, whose
 * {@code sendError} the guard turns into a one-line answer too.
 */
class AgentErrorResolver implements HandlerExceptionResolver, Ordered {
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception e) {
        if (!AgentRequestGuard.isAgentRequest(request)) {
            return null;
        }
        String reason;
        int status;
        if (request.getAttribute(AgentRequestGuard.TOO_LARGE) != null) {
            status = HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
            reason = "The request body is over the limit of " + AgentRequestGuard.MAX_BODY_BYTES + " bytes.";
            response.setHeader("Connection", "close");
        } else if (e instanceof HttpMediaTypeNotSupportedException unsupported) {
            status = HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE;
            reason = "This endpoint takes Content-Type " + MediaType.toString(unsupported.getSupportedMediaTypes())
                    + (unsupported.getContentType() == null ? "; the request states none."
                    : ", not " + unsupported.getContentType() + ".");
        } else if (e instanceof HttpMediaTypeNotAcceptableException notAcceptable) {
            status = HttpServletResponse.SC_NOT_ACCEPTABLE;
            reason = "This endpoint answers only " + MediaType.toString(notAcceptable.getSupportedMediaTypes()) + ".";
        } else if (e instanceof HttpRequestMethodNotSupportedException method) {
            status = HttpServletResponse.SC_METHOD_NOT_ALLOWED;
            reason = "This endpoint takes " + String.join(", ", method.getSupportedMethods() == null
                    ? new String[0] : method.getSupportedMethods()) + ", not " + method.getMethod() + ".";
        } else if (e instanceof MissingRequestHeaderException header) {
            status = HttpServletResponse.SC_BAD_REQUEST;
            reason = "The request lacks the " + header.getHeaderName() + " header.";
        } else if (e instanceof NoResourceFoundException) {
            status = HttpServletResponse.SC_NOT_FOUND;
            reason = "There is no agent endpoint at this path.";
        } else {
            return null;
        }
        try {
            response.sendError(status, reason);
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        return new ModelAndView();
    }
}

package io.vaultfleet.console.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refusals Spring MVC makes before any API controller is chosen (no such path, wrong method, wrong media type), as
 * problem details. Without this they would go through {@code sendError} to the error page, which belongs to the
 * console's sign-in chain, and a script would get a redirect to the login page instead of a reason.
 */
@Configuration(proxyBeanMethods = false)
class ApiErrorResolver implements HandlerExceptionResolver, Ordered {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    static ApiErrorResolver apiErrorResolver() {
        return new ApiErrorResolver();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception e) {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            return null;
        }
        int status;
        String detail;
        if (e instanceof NoResourceFoundException) {
            status = HttpServletResponse.SC_NOT_FOUND;
            detail = "No such API path.";
        } else if (e instanceof HttpRequestMethodNotSupportedException method) {
            status = HttpServletResponse.SC_METHOD_NOT_ALLOWED;
            String allowed = method.getSupportedMethods() == null ? "" : String.join(", ",
                    Arrays.stream(method.getSupportedMethods()).sorted().toList());
            response.setHeader("Allow", allowed);
            detail = "This path takes " + allowed + ", not " + method.getMethod() + ".";
        } else if (e instanceof HttpMediaTypeNotSupportedException) {
            status = HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE;
            detail = "Send the body as application/json.";
        } else if (e instanceof HttpMediaTypeNotAcceptableException) {
            status = HttpServletResponse.SC_NOT_ACCEPTABLE;
            detail = "The API answers application/json (and application/problem+json).";
        } else {
            return null;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.valueOf(status).getReasonPhrase());
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        try {
            response.setStatus(status);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(JSON.writeValueAsString(problem));
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        return new ModelAndView();
    }
}

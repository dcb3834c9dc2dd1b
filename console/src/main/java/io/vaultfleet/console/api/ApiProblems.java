package io.vaultfleet.console.api;

import java.net.URI;
import java.util.Map;

import io.vaultfleet.console.platform.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every refusal of the API as an RFC 9457 problem ({@code application/problem+json}): bad input names its
 * {@code field} and carries the message the console's form shows ({@code errors} holds every field when there are
 * several), a missing right says which role is needed, and nothing else leaks (an unexpected failure is a bare 500).
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
class ApiProblems {
    static final URI INVALID = URI.create("https://vaultfleet.io/problems/invalid-input");
    static final URI FORBIDDEN = URI.create("https://vaultfleet.io/problems/forbidden");
    static final URI NOT_FOUND = URI.create("https://vaultfleet.io/problems/not-found");
    static final URI CONFLICT = URI.create("https://vaultfleet.io/problems/precondition");

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        Map<String, String> problems = e.problems();
        // the services say "No such vault." (a form cannot point at a thing that is not there): to HTTP that is 404
        String only = problems.size() == 1 ? problems.values().iterator().next() : "";
        boolean missing = only.startsWith("No such") || only.endsWith("does not exist.");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(missing ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST,
                e.getMessage());
        problem.setType(missing ? NOT_FOUND : INVALID);
        problem.setTitle(missing ? "Not found" : "Invalid input");
        problem.setProperty("field", problems.keySet().iterator().next());
        problem.setProperty("errors", problems);
        return problem;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setType(FORBIDDEN);
        problem.setTitle("Forbidden");
        return problem;
    }

    @ExceptionHandler(ApiPreconditions.Failed.class)
    ProblemDetail precondition(ApiPreconditions.Failed e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(CONFLICT);
        problem.setTitle(e.status().getReasonPhrase());
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another form" : e.getRequiredType().isEnum()
                ? "one of " + String.join(", ", java.util.Arrays.stream(e.getRequiredType().getEnumConstants())
                        .map(String::valueOf).toList())
                : e.getRequiredType() == java.util.UUID.class ? "an id (UUID)" : e.getRequiredType().getSimpleName();
        return field(e.getName(), "'" + e.getValue() + "' is not valid for " + e.getName() + ": expected " + expected + ".");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missingParameter(MissingServletRequestParameterException e) {
        return field(e.getParameterName(), "The parameter " + e.getParameterName() + " is required.");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        if (e.getMostSpecificCause() instanceof InvalidInputException invalid) {
            return invalid(invalid); // a value object refused what was sent, with the form's message
        }
        return field("body", "The request body is not valid JSON of the expected shape: "
                + firstLine(e.getMostSpecificCause().getMessage()));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ProblemDetail missingHeader(MissingRequestHeaderException e) {
        return field(e.getHeaderName(), "The header " + e.getHeaderName() + " is required.");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail illegal(IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("No such")) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
            problem.setType(NOT_FOUND);
            problem.setTitle("Not found");
            return problem;
        }
        return field("body", e.getMessage());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ProblemDetail method(HttpRequestMethodNotSupportedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED, e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail mediaType(HttpMediaTypeNotSupportedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail noResource(NoResourceFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such API path.");
        problem.setType(NOT_FOUND);
        return problem;
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    static ProblemDetail field(String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
        problem.setType(INVALID);
        problem.setTitle("Invalid input");
        problem.setProperty("field", field);
        problem.setProperty("errors", Map.of(field, message));
        return problem;
    }
}

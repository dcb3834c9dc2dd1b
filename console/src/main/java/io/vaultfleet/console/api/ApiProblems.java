package io.vaultfleet.console.api;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.recover.RecoveryException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every refusal of the API as an RFC 9457 problem ({@code application/problem+json}): bad input names its
 * {@code field} and carries the message the console's form shows ({@code errors} holds every field when there are
 * several), a missing right says which role is needed, and nothing else leaks (an unexpected failure is a 500 without its cause, which goes to the log); what Spring MVC refuses before a
 * controller is chosen is {@link ApiErrorResolver}'s.
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
class ApiProblems {
    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);
    static final URI INVALID = URI.create("https://vaultfleet.io/problems/invalid-input");
    static final URI FORBIDDEN = URI.create("https://vaultfleet.io/problems/forbidden");
    static final URI NOT_FOUND = URI.create("https://vaultfleet.io/problems/not-found");
    static final URI CONFLICT = URI.create("https://vaultfleet.io/problems/precondition");
    static final URI RECOVERY = URI.create("https://vaultfleet.io/problems/recovery");

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

    /** A recovery step the server could not do now (offline, did not answer, could not open its backups). */
    @ExceptionHandler(RecoveryException.class)
    ProblemDetail recovery(RecoveryException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(RECOVERY);
        problem.setTitle("Recovery not possible now");
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
        Class<?> type = e.getRequiredType();
        if (type != null && Collection.class.isAssignableFrom(type)) {
            type = e.getParameter().nested().getNestedParameterType(); // status=A&status=B: what one of them must be
        }
        return field(e.getName(), "'" + e.getValue() + "' is not valid for " + e.getName() + ": expected "
                + expected(type) + ".");
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
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
                String field = path(mismatch);
                if (mismatch instanceof InvalidFormatException invalid) {
                    return field(field, "'" + invalid.getValue() + "' is not valid for " + field + ": expected "
                            + expected(invalid.getTargetType()) + ".");
                }
                return field(field, "The value of " + field + " is not " + expected(mismatch.getTargetType()) + ".");
            }
        }
        return field("body", "The request body is not valid JSON of the expected shape: "
                + firstLine(e.getMostSpecificCause().getMessage()));
    }

    /** Where in the body a value was wrong, e.g. {@code schedule.times[1]}. */
    private static String path(MismatchedInputException e) {
        StringBuilder out = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of the expected type";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList());
        }
        if (type == UUID.class) {
            return "an id (UUID)";
        }
        if (type == LocalDate.class) {
            return "a date (yyyy-MM-dd)";
        }
        if (type == Instant.class) {
            return "a time (e.g. 2026-12-07T02:00:00Z)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return type == String.class ? "text" : "an object";
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

    /** Anything else is the console's fault: logged with its cause, answered without one. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletRequest request) {
        log.error("API request {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The console failed to answer this request; its log says why.");
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

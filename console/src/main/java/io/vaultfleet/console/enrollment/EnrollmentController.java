package io.vaultfleet.console.enrollment;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.vaultfleet.protocol.enrollment.EnrollmentRefusal;
import io.vaultfleet.protocol.enrollment.EnrollmentRequest;

/**
 * {@code POST /agent/enroll}: where {@code fleet-agent register} sends its request. 200 with the result, 400 for a
 * request that cannot be read, 403 for every refusal, each with an {@link EnrollmentRefusal} body.
 */
@RestController
class EnrollmentController {
    private final EnrollmentService enrollment;

    EnrollmentController(EnrollmentService enrollment) {
        this.enrollment = enrollment;
    }

    @PostMapping(path = "/agent/enroll", consumes = "application/json", produces = "application/json")
    ResponseEntity<?> enroll(@RequestBody EnrollmentRequest request, HttpServletRequest http) {
        EnrollmentService.Decision decision = enrollment.enroll(request, http.getRemoteAddr());
        if (decision.result() != null) {
            return ResponseEntity.ok(decision.result());
        }
        HttpStatus status = decision.refusal().reason() == EnrollmentRefusal.Reason.MALFORMED
                ? HttpStatus.BAD_REQUEST : HttpStatus.FORBIDDEN;
        return ResponseEntity.status(status).body(decision.refusal());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<EnrollmentRefusal> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(new EnrollmentRefusal(EnrollmentRefusal.Reason.MALFORMED,
                "The registration request is not valid JSON of the expected shape."));
    }
}

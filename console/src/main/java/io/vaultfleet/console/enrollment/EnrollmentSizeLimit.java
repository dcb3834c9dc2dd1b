package io.vaultfleet.console.enrollment;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The enrollment endpoint is open to anyone who can reach the console: a request larger than any real one (a
 * credentials file is at most 64 KiB) is refused before it is read.
 */
@Component
class EnrollmentSizeLimit extends OncePerRequestFilter {
    static final long MAX_BYTES = 256 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"/agent/enroll".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length < 0 || length > MAX_BYTES) {
            response.setStatus(length < 0 ? HttpServletResponse.SC_LENGTH_REQUIRED : HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setContentType("application/json");
            response.getWriter().write("{\"reason\":\"MALFORMED\",\"message\":\"A registration request must state its "
                    + "length and be at most " + MAX_BYTES + " bytes.\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}

/**
 * Registration of a server with a vault: the agent posts an {@link EnrollmentRequest} (the vault credentials file,
 * what the server is, its new public key, signed by that key) to {@code POST /agent/enroll}; the console answers an
 * {@link EnrollmentResult} or an {@link EnrollmentRefusal} naming what is wrong.
 */
package io.vaultfleet.protocol.enrollment;

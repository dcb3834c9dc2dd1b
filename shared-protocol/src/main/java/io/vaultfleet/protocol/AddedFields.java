package io.vaultfleet.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Payload fields a message gained after its first version: a peer from before them does not send them, and the
 * {@link ProtocolCodec} reads them as JSON null then (every other field must be present). The record decides what
 * null means.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AddedFields {
    String[] value();
}

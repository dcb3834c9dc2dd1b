package io.vaultfleet.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A payload field added after version 1 of a message: peers built before it do not send it, and the codec reads its
 * absence as {@link #value()} (a JSON literal). Every other field stays required, so a field a peer forgot is still
 * an {@link ErrorCode#INVALID_PAYLOAD} naming it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface AbsentMeans {
    /** The value an absent field has, as JSON: {@code []}, {@code 0}, {@code null}, … */
    String value();
}

package io.vaultfleet.protocol;

/**
 * Every message on the agent channel. The hierarchy is closed: a type name that maps to no record here is
 * {@link ErrorCode#UNKNOWN_TYPE}. Direction is part of the type: the console accepts only {@link AgentMessage}s,
 * the agent only {@link ConsoleMessage}s; {@link ErrorReply} travels both ways.
 */
public sealed interface Message permits AgentMessage, ConsoleMessage, ErrorReply {
}

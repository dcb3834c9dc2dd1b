package io.vaultfleet.protocol;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The wire names of all {@link Message} records, found by walking the sealed hierarchy once. */
final class MessageTypes {
    private static final Map<String, Class<? extends Message>> BY_NAME;
    private static final Map<Class<? extends Message>, String> BY_CLASS;

    static {
        Map<String, Class<? extends Message>> byName = new HashMap<>();
        Map<Class<? extends Message>, String> byClass = new HashMap<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(Message.class);
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            if (type.isSealed()) {
                pending.addAll(List.of(type.getPermittedSubclasses()));
                continue;
            }
            MessageType name = type.getAnnotation(MessageType.class);
            if (name == null) {
                throw new IllegalStateException(type + " is a Message without @MessageType");
            }
            @SuppressWarnings("unchecked")
            Class<? extends Message> messageClass = (Class<? extends Message>) type;
            if (byName.put(name.value(), messageClass) != null) {
                throw new IllegalStateException("two messages are named " + name.value());
            }
            byClass.put(messageClass, name.value());
        }
        BY_NAME = Collections.unmodifiableMap(byName);
        BY_CLASS = Collections.unmodifiableMap(byClass);
    }

    private MessageTypes() {
    }

    static Class<? extends Message> byName(String name) {
        return BY_NAME.get(name);
    }

    static String nameOf(Message message) {
        return BY_CLASS.get(message.getClass());
    }

    static Map<String, Class<? extends Message>> all() {
        return BY_NAME;
    }
}

package org.longscope.core.plan;

import org.longscope.api.InvalidInputException;

/** Re-locates errors thrown by lookups and plugins to the spec field they came from. */
final class Errors {
    private Errors() {
    }

    /** The message without its location prefix. */
    static String bare(InvalidInputException e) {
        String location = e.location();
        String message = e.getMessage();
        if (location != null && !location.isEmpty() && message.startsWith(location + ": ")) {
            return message.substring(location.length() + 2);
        }
        return message;
    }

    /** The same error at another location. */
    static InvalidInputException at(String location, InvalidInputException e) {
        return new InvalidInputException(location, bare(e), e);
    }
}

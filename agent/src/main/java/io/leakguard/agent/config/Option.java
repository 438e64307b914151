package io.leakguard.agent.config;

/** One configuration key: its name, default, what it accepts, and what it does. */
public final class Option {
    public enum Type { ENUM, DURATION, PATH, GLOBS, PREFIXES, INT, SWITCH, SET }

    public final String key;
    public final Type type;
    public final String defaultValue;
    public final String accepts;
    public final String help;
    final String[] choices;
    final int min;
    final int max;

    private Option(String key, Type type, String defaultValue, String accepts, String help,
                   String[] choices, int min, int max) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.accepts = accepts;
        this.help = help;
        this.choices = choices;
        this.min = min;
        this.max = max;
    }

    static Option choice(String key, String def, String help, String... choices) {
        return new Option(key, Type.ENUM, def, String.join("|", choices), help, choices, 0, 0);
    }

    /** Any of the choices, separated by ';' (commas separate the agent's options). */
    static Option set(String key, String def, String help, String... choices) {
        return new Option(key, Type.SET, def, "any of " + String.join(", ", choices) + ", separated by ';'", help,
                choices, 0, 0);
    }

    static Option duration(String key, String def, String help) {
        return new Option(key, Type.DURATION, def, "a duration such as 250ms, 30s, 10m, 1h", help, null, 0, 0);
    }

    static Option path(String key, String help) {
        return new Option(key, Type.PATH, "", "a file path", help, null, 0, 0);
    }

    static Option host(String key, String def, String help) {
        return new Option(key, Type.PATH, def, "a host name or IP address", help, null, 0, 0);
    }

    static Option globs(String key, String def, String help) {
        return new Option(key, Type.GLOBS, def, "globs separated by ';' (* matches any text)", help, null, 0, 0);
    }

    static Option prefixes(String key, String def, String help) {
        return new Option(key, Type.PREFIXES, def, "package prefixes separated by ';'", help, null, 0, 0);
    }

    static Option integer(String key, String def, int min, int max, String help) {
        return new Option(key, Type.INT, def, "a whole number from " + min + " to " + max, help, null, min, max);
    }

    static Option onOff(String key, String def, String help) {
        return new Option(key, Type.SWITCH, def, "on|off", help, new String[] {"on", "off"}, 0, 0);
    }

    /** Checks a raw value; returns null when it is acceptable, else what is wrong. */
    String check(String value) {
        switch (type) {
            case ENUM:
            case SWITCH:
                for (String c : choices) {
                    if (c.equals(value)) {
                        return null;
                    }
                }
                return "expected " + accepts;
            case DURATION:
                return Durations.parseMillis(value) < 0 ? "expected " + accepts : null;
            case INT:
                try {
                    int v = Integer.parseInt(value.trim());
                    return v < min || v > max ? "expected " + accepts : null;
                } catch (NumberFormatException e) {
                    return "expected " + accepts;
                }
            case PATH:
                return value.isBlank() ? "expected " + accepts : null;
            case SET:
                for (String part : value.split(";")) {
                    String p = part.trim();
                    if (!p.isEmpty() && !java.util.Arrays.asList(choices).contains(p)) {
                        return "expected " + accepts;
                    }
                }
                return null;
            default:
                return null;
        }
    }
}

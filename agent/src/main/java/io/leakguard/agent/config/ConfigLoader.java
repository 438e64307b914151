package io.leakguard.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the configuration from its four sources, highest precedence first: agent arguments
 * ({@code key=value,key=value}), {@code -Dleakguard.<key>} system properties,
 * {@code LEAKGUARD_<KEY>} environment variables, and the properties file named by
 * {@code config=}. Every problem becomes a {@link ConfigException} with one line that names the
 * key and what it accepts.
 */
public final class ConfigLoader {
    /** Set by the running agent once it is on (its version); applications may wait for it. */
    public static final String AGENT_VERSION_PROPERTY = "leakguard.agent.version";

    /** How a start-up error ends. */
    public static final String OFF = "; leakguard is off, the application runs without it";
    private static final String SUFFIX = OFF;

    private ConfigLoader() {
    }

    public static Config load(String agentArgs) throws ConfigException {
        return load(agentArgs, System.getProperties(), System.getenv());
    }

    public static Config load(String agentArgs, Properties system, Map<String, String> env)
            throws ConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new HashMap<>();

        // Lowest precedence first, so higher ones overwrite.
        Map<String, String> fromArgs = parseArgs(agentArgs);
        Map<String, String> fromProps = fromSystemProperties(system);
        Map<String, String> fromEnv = fromEnvironment(env);

        String configFile = firstNonNull(fromArgs.get("config"), fromProps.get("config"), fromEnv.get("config"));
        if (configFile != null) {
            put(values, sources, readFile(configFile), "config file " + configFile);
        }
        put(values, sources, fromEnv, "environment");
        put(values, sources, fromProps, "system properties");
        put(values, sources, fromArgs, "agent arguments");

        Map<String, String> all = new LinkedHashMap<>();
        for (Option o : Options.ALL.values()) {
            String v = values.get(o.key);
            if (v == null) {
                all.put(o.key, o.defaultValue);
                continue;
            }
            String problem = o.check(v);
            if (problem != null) {
                throw new ConfigException("leakguard: option '" + o.key + "' has a bad value '" + v
                        + "' (from " + sources.get(o.key) + "): " + problem + SUFFIX);
            }
            all.put(o.key, v.trim());
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (Options.isEndpointKey(e.getKey())) {
                String problem = Options.endpointOption(e.getKey()).check(e.getValue());
                if (problem != null) {
                    throw new ConfigException("leakguard: option '" + e.getKey() + "' has a bad value '" + e.getValue()
                            + "' (from " + sources.get(e.getKey()) + "): " + problem + SUFFIX);
                }
                all.put(e.getKey(), e.getValue().trim());
            }
        }
        Config c = new Config(all, sources);
        if (c.millis("leak.critical") > 0 && c.millis("leak.warn") > c.millis("leak.critical")) {
            throw new ConfigException("leakguard: option 'leak.warn' (" + c.raw("leak.warn")
                    + ") must not be longer than 'leak.critical' (" + c.raw("leak.critical") + ")" + SUFFIX);
        }
        return c;
    }

    /** Keys that cannot change in a running JVM: they decide what is instrumented or where files go. */
    public static final java.util.Set<String> NOT_LIVE = java.util.Set.of("file", "socket", "jdbc", "config", "report.json",
            "report.stderr", "lock", "lock.on-timeout", "pressure", "metrics.port", "metrics.host", "jfr");

    /**
     * The running configuration with {@code changes} (key=value,key=value) applied, checked as
     * strictly as at start-up. Keys that cannot change live are refused by name.
     */
    public static Config change(Config current, String changes) throws ConfigException {
        Map<String, String> delta = parseArgs(changes);
        for (String key : delta.keySet()) {
            if (NOT_LIVE.contains(key)) {
                throw new ConfigException("leakguard: option '" + key + "' cannot change in a running JVM "
                        + "(these need a restart: " + String.join(", ", new java.util.TreeSet<>(NOT_LIVE))
                        + "); nothing was changed");
            }
        }
        Map<String, String> merged = new LinkedHashMap<>(current.values());
        merged.putAll(delta);
        Map<String, String> sources = new HashMap<>();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            Option o = Options.isEndpointKey(e.getKey()) ? Options.endpointOption(e.getKey()) : Options.ALL.get(e.getKey());
            String problem = delta.containsKey(e.getKey()) ? o.check(e.getValue()) : null;
            if (problem != null) {
                throw new ConfigException("leakguard: option '" + o.key + "' has a bad value '" + e.getValue()
                        + "': " + problem + "; nothing was changed");
            }
            sources.put(e.getKey(), delta.containsKey(e.getKey()) ? "set" : current.source(e.getKey()));
        }
        Config next = new Config(merged, sources);
        if (next.millis("leak.critical") > 0 && next.millis("leak.warn") > next.millis("leak.critical")) {
            throw new ConfigException("leakguard: option 'leak.warn' (" + next.raw("leak.warn")
                    + ") must not be longer than 'leak.critical' (" + next.raw("leak.critical") + "); nothing was changed");
        }
        return next;
    }

    private static void put(Map<String, String> values, Map<String, String> sources,
                            Map<String, String> from, String source) throws ConfigException {
        for (Map.Entry<String, String> e : from.entrySet()) {
            if (!Options.ALL.containsKey(e.getKey()) && !Options.isEndpointKey(e.getKey())) {
                throw unknown(e.getKey(), source);
            }
            values.put(e.getKey(), e.getValue());
            sources.put(e.getKey(), source);
        }
    }

    private static ConfigException unknown(String key, String source) {
        return new ConfigException("leakguard: unknown option '" + key + "' (from " + source
                + "); known options: " + String.join(", ", Options.ALL.keySet()) + SUFFIX);
    }

    static Map<String, String> parseArgs(String args) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        if (args == null || args.isBlank()) {
            return out;
        }
        for (String part : args.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("leakguard: agent argument '" + part.trim()
                        + "' is not key=value (arguments are key=value,key=value)" + SUFFIX);
            }
            String key = part.substring(0, eq).trim();
            if (!Options.ALL.containsKey(key) && !Options.isEndpointKey(key)) {
                throw unknown(key, "agent arguments");
            }
            out.put(key, part.substring(eq + 1).trim());
        }
        return out;
    }

    private static Map<String, String> fromSystemProperties(Properties p) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            // The running agent's own marker, not an option: a second -javaagent or an attach
            // to a JVM that has the agent already finds it set.
            if (name.startsWith("leakguard.") && !name.equals(AGENT_VERSION_PROPERTY)) {
                String key = name.substring("leakguard.".length());
                if (!Options.ALL.containsKey(key) && !Options.isEndpointKey(key)) {
                    throw unknown(key, "system property -D" + name);
                }
                out.put(key, p.getProperty(name));
            }
        }
        return out;
    }

    private static Map<String, String> fromEnvironment(Map<String, String> env) throws ConfigException {
        Map<String, String> byEnvName = new HashMap<>();
        for (String key : Options.ALL.keySet()) {
            byEnvName.put(Options.envName(key), key);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("LEAKGUARD_")) {
                String key = byEnvName.get(e.getKey());
                if (key == null) {
                    throw unknown(e.getKey(), "environment variable " + e.getKey());
                }
                out.put(key, e.getValue());
            }
        }
        return out;
    }

    private static Map<String, String> readFile(String file) throws ConfigException {
        Path path = Paths.get(file);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("leakguard: option 'config' names a file that cannot be read ("
                    + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? " " + e.getMessage() : "")
                    + "): expected a readable properties file" + SUFFIX);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            String key = name.startsWith("leakguard.") ? name.substring("leakguard.".length()) : name;
            if (key.equals("config")) {
                continue;
            }
            if (!Options.ALL.containsKey(key) && !Options.isEndpointKey(key)) {
                throw unknown(key, "config file " + file);
            }
            out.put(key, p.getProperty(name));
        }
        return out;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... ts) {
        for (T t : ts) {
            if (t != null) {
                return t;
            }
        }
        return null;
    }
}

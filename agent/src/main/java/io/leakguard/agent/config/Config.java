package io.leakguard.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The validated configuration: every key has a value (given or default). Immutable. */
public final class Config {
    public enum Mode { MONITOR, ENFORCE, CI }

    private final Map<String, String> values;
    private final Map<String, String> sources;

    Config(Map<String, String> values, Map<String, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    /** Every key's value, for rebuilding a configuration with a few keys changed (live `set`). */
    public Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    public String raw(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no such option: " + key);
        }
        return v;
    }

    /** Where a key's value came from ("agent arguments", "default", ...). */
    public String source(String key) {
        return sources.getOrDefault(key, "default");
    }

    public Mode mode() {
        return Mode.valueOf(raw("mode").toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether premain hands the installation to a background thread (see the install option). */
    public boolean asyncInstall() {
        String v = raw("install");
        return "async".equals(v);
    }

    public long millis(String key) {
        return Durations.parseMillis(raw(key));
    }

    public int integer(String key) {
        return Integer.parseInt(raw(key).trim());
    }

    public boolean on(String key) {
        return "on".equals(raw(key));
    }

    public String path(String key) {
        String v = raw(key).trim();
        return v.isEmpty() ? null : v;
    }

    public List<String> list(String key) {
        List<String> out = new ArrayList<>();
        for (String part : raw(key).split(";")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    public Glob globs(String key) {
        return Glob.of(list(key));
    }

    /** net.endpoints.<host:port>.connect-timeout overrides: host:port -> milliseconds. */
    public Map<String, Integer> endpointConnectTimeouts() {
        Map<String, Integer> out = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (Options.isEndpointKey(e.getKey())) {
                String endpoint = e.getKey().substring(Options.ENDPOINT_PREFIX.length(),
                        e.getKey().length() - Options.ENDPOINT_SUFFIX.length());
                out.put(endpoint, (int) Math.min(Integer.MAX_VALUE, Durations.parseMillis(e.getValue())));
            }
        }
        return out;
    }

    /** The library prefixes skipped when looking for the application frame. */
    public String[] libraryPrefixes() {
        List<String> all = new ArrayList<>();
        for (String p : Options.LIBRARIES.split(";")) {
            if (!p.isEmpty()) {
                all.add(p);
            }
        }
        all.addAll(list("site.skip"));
        return all.toArray(new String[0]);
    }
}

package io.leakguard.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the "// LEAK: name" markers of a test app's source: name -> line number. */
public final class SourceMarkers {
    private static final Pattern MARKER = Pattern.compile("//\\s*LEAK:\\s*([\\w-]+)");

    private SourceMarkers() {
    }

    public static Map<String, Integer> of(Class<?> app) throws IOException {
        Path src = Paths.get(System.getProperty("leakguard.apps.sources", "src/main/java"))
                .resolve(app.getName().replace('.', '/') + ".java");
        List<String> lines = Files.readAllLines(src);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            if (m.find()) {
                out.put(m.group(1), i + 1);
            }
        }
        return out;
    }
}

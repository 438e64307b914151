package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's JSON (report.json lines, the CLI's and the MBean's reports) read with Jackson, as
 * a consumer would read it; strict, so that anything malformed (trailing text, a key twice)
 * fails the test instead of being read past.
 */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /** One JSON value; the test fails if the text is not exactly that. */
    static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                fail("no JSON value in: " + text);
            }
            return node;
        } catch (JsonProcessingException e) {
            return fail("malformed JSON (" + e.getOriginalMessage() + "): " + text, e);
        }
    }

    /** Every string value in the tree, unescaped: what a reader of the JSON sees, at any depth. */
    static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.textValue());
        }
        for (JsonNode child : node) {
            collect(child, out);
        }
    }
}

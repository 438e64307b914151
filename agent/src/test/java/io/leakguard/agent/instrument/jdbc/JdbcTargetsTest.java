package io.leakguard.agent.instrument.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leakguard.agent.instrument.Target;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The names the transformer decides by (known at start-up, before any target exists) are the
 * names of the targets built when Byte Buddy comes up, with the same hierarchy flags: a target
 * added without its name would never see a class.
 */
class JdbcTargetsTest {
    @Test
    void theNamesUpFrontAreTheBuiltTargetsNames() {
        for (boolean trackUse : new boolean[] {false, true}) {
            JdbcTargets targets = new JdbcTargets(trackUse);
            List<Target> built = targets.build();
            assertEquals(targets.typeNames(), built.stream().map(Target::typeName).collect(Collectors.toList()));
            for (Target t : built) {
                assertEquals(t.byHierarchy(), targets.byHierarchy(t.typeName()), t.typeName());
            }
        }
    }
}

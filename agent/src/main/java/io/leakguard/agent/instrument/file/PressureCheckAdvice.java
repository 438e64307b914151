package io.leakguard.agent.instrument.file;

import io.leakguard.bootstrap.Pressure;
import java.io.FileNotFoundException;
import net.bytebuddy.asm.Advice;

/**
 * Enter advice for the opening constructors of FileInputStream, FileOutputStream and
 * RandomAccessFile: in enforce mode at critical descriptor pressure the open is refused before
 * it happens, with the FileNotFoundException those constructors already declare (its message
 * names the pressure and the top holders). Not suppressed: the refusal is the point; Pressure
 * throws nothing else. Runs before the super() call, so it touches nothing but its argument.
 */
final class PressureCheckAdvice {
    private PressureCheckAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.Argument(0) Object file) throws FileNotFoundException {
        Pressure.fileOpening(file);
    }
}

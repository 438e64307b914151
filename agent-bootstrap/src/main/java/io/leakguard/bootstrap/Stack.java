package io.leakguard.bootstrap;

/** A full acquisition stack (ci mode), interned so identical stacks share one instance. */
public final class Stack {
    public final String[] lines;

    Stack(String[] lines) {
        this.lines = lines;
    }
}

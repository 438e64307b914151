package org.example.own;

/** A class of "the project" in a package the tests declare a library's (loaded from target/test-classes). */
public final class OwnCode {
    private OwnCode() {
    }
}

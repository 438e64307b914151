package org.example.handles;

import java.io.Serializable;
import java.sql.ResultSet;

/**
 * A serializable result set class without a declared serialVersionUID (a cached row set's
 * shape): its default serialVersionUID is computed from its fields and interfaces, so the agent
 * must not give it a record field. Outside io.leakguard, so the agent weaves it.
 */
public abstract class SerialResultSet implements ResultSet, Serializable {
    private int row;

    @Override
    public void close() {
        row = -1;
    }

    public int row() {
        return row;
    }
}

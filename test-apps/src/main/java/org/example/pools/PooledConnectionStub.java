package org.example.pools;

/**
 * A connection whose close() it inherits from {@link PooledConnection}'s default method: every
 * other method is an empty stub (the type's zero value), and close() is not declared here.
 */
public final class PooledConnectionStub implements PooledConnection {
    @Override
    public void abort(java.util.concurrent.Executor a0) {
    }

    @Override
    public void clearWarnings() {
    }

    @Override
    public void commit() {
    }

    @Override
    public java.sql.Array createArrayOf(String a0, Object[] a1) {
        return null;
    }

    @Override
    public java.sql.Blob createBlob() {
        return null;
    }

    @Override
    public java.sql.Clob createClob() {
        return null;
    }

    @Override
    public java.sql.NClob createNClob() {
        return null;
    }

    @Override
    public java.sql.SQLXML createSQLXML() {
        return null;
    }

    @Override
    public java.sql.Statement createStatement() {
        return null;
    }

    @Override
    public java.sql.Statement createStatement(int a0, int a1) {
        return null;
    }

    @Override
    public java.sql.Statement createStatement(int a0, int a1, int a2) {
        return null;
    }

    @Override
    public java.sql.Struct createStruct(String a0, Object[] a1) {
        return null;
    }

    @Override
    public boolean getAutoCommit() {
        return false;
    }

    @Override
    public String getCatalog() {
        return null;
    }

    @Override
    public java.util.Properties getClientInfo() {
        return null;
    }

    @Override
    public String getClientInfo(String a0) {
        return null;
    }

    @Override
    public int getHoldability() {
        return 0;
    }

    @Override
    public java.sql.DatabaseMetaData getMetaData() {
        return null;
    }

    @Override
    public int getNetworkTimeout() {
        return 0;
    }

    @Override
    public String getSchema() {
        return null;
    }

    @Override
    public int getTransactionIsolation() {
        return 0;
    }

    @Override
    public java.util.Map<String, Class<?>> getTypeMap() {
        return null;
    }

    @Override
    public java.sql.SQLWarning getWarnings() {
        return null;
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public boolean isValid(int a0) {
        return false;
    }

    @Override
    public boolean isWrapperFor(Class<?> a0) {
        return false;
    }

    @Override
    public String nativeSQL(String a0) {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(String a0) {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(String a0, int a1, int a2) {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(String a0, int a1, int a2, int a3) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String a0) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String a0, int[] a1) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String a0, String[] a1) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String a0, int a1) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String a0, int a1, int a2) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) {
        return null;
    }

    @Override
    public void releaseSavepoint(java.sql.Savepoint a0) {
    }

    @Override
    public void rollback() {
    }

    @Override
    public void rollback(java.sql.Savepoint a0) {
    }

    @Override
    public void setAutoCommit(boolean a0) {
    }

    @Override
    public void setCatalog(String a0) {
    }

    @Override
    public void setClientInfo(java.util.Properties a0) {
    }

    @Override
    public void setClientInfo(String a0, String a1) {
    }

    @Override
    public void setHoldability(int a0) {
    }

    @Override
    public void setNetworkTimeout(java.util.concurrent.Executor a0, int a1) {
    }

    @Override
    public void setReadOnly(boolean a0) {
    }

    @Override
    public java.sql.Savepoint setSavepoint() {
        return null;
    }

    @Override
    public java.sql.Savepoint setSavepoint(String a0) {
        return null;
    }

    @Override
    public void setSchema(String a0) {
    }

    @Override
    public void setTransactionIsolation(int a0) {
    }

    @Override
    public void setTypeMap(java.util.Map<String, Class<?>> a0) {
    }

    @Override
    public <T> T unwrap(Class<T> a0) {
        return null;
    }
}

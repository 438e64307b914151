package precision;

/**
 * Every method of a stub connection but close(), each doing nothing (isClosed() stays false, it is
 * always valid): {@link StubConnection} adds an empty close(); {@link InheritedCloseConnection}
 * inherits one from an interface's default method, as Agroal's own suite's mock connections do.
 */
public abstract class StubConnectionMethods implements java.sql.Connection {
    @Override
    public void setReadOnly(boolean a0) {
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public void commit() {
    }

    @Override
    public boolean isValid(int a0) {
        return true;
    }

    @Override
    public void abort(java.util.concurrent.Executor a0) {
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    @Override
    public void rollback(java.sql.Savepoint a0) {
    }

    @Override
    public void rollback() {
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
    public java.sql.Statement createStatement() {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int a1) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int[] a1) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0, java.lang.String[] a1) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int a1, int a2) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0) {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int a1, int a2, int a3) {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(java.lang.String a0, int a1, int a2, int a3) {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(java.lang.String a0) {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(java.lang.String a0, int a1, int a2) {
        return null;
    }

    @Override
    public java.lang.String nativeSQL(java.lang.String a0) {
        return null;
    }

    @Override
    public void setAutoCommit(boolean a0) {
    }

    @Override
    public boolean getAutoCommit() {
        return false;
    }

    @Override
    public java.sql.DatabaseMetaData getMetaData() {
        return null;
    }

    @Override
    public void setCatalog(java.lang.String a0) {
    }

    @Override
    public java.lang.String getCatalog() {
        return null;
    }

    @Override
    public void setTransactionIsolation(int a0) {
    }

    @Override
    public int getTransactionIsolation() {
        return 0;
    }

    @Override
    public java.sql.SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {
    }

    @Override
    public java.util.Map<java.lang.String, java.lang.Class<?>> getTypeMap() {
        return null;
    }

    @Override
    public void setTypeMap(java.util.Map<java.lang.String, java.lang.Class<?>> a0) {
    }

    @Override
    public void setHoldability(int a0) {
    }

    @Override
    public int getHoldability() {
        return 0;
    }

    @Override
    public java.sql.Savepoint setSavepoint() {
        return null;
    }

    @Override
    public java.sql.Savepoint setSavepoint(java.lang.String a0) {
        return null;
    }

    @Override
    public void releaseSavepoint(java.sql.Savepoint a0) {
    }

    @Override
    public java.sql.Clob createClob() {
        return null;
    }

    @Override
    public java.sql.Blob createBlob() {
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
    public void setClientInfo(java.util.Properties a0) {
    }

    @Override
    public void setClientInfo(java.lang.String a0, java.lang.String a1) {
    }

    @Override
    public java.util.Properties getClientInfo() {
        return null;
    }

    @Override
    public java.lang.String getClientInfo(java.lang.String a0) {
        return null;
    }

    @Override
    public java.sql.Array createArrayOf(java.lang.String a0, java.lang.Object[] a1) {
        return null;
    }

    @Override
    public java.sql.Struct createStruct(java.lang.String a0, java.lang.Object[] a1) {
        return null;
    }

    @Override
    public void setSchema(java.lang.String a0) {
    }

    @Override
    public java.lang.String getSchema() {
        return null;
    }

    @Override
    public void setNetworkTimeout(java.util.concurrent.Executor a0, int a1) {
    }

    @Override
    public int getNetworkTimeout() {
        return 0;
    }

    @Override
    public <T> T unwrap(java.lang.Class<T> a0) {
        return null;
    }

    @Override
    public boolean isWrapperFor(java.lang.Class<?> a0) {
        return false;
    }
}

package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Redaction by allowlist, one row per driver URL form: the redacted text must be exactly the
 * address (scheme, hosts, ports, database), and no secret substring may survive.
 */
class RedactTest {
    /** url, expected redaction, expected user (or null), secrets that must not appear. */
    record Row(String url, String expected, String user, List<String> secrets) {
        @Override
        public String toString() {
            return url;
        }
    }

    static Row row(String url, String expected, String user, String... secrets) {
        return new Row(url, expected, user, List.of(secrets));
    }

    static List<Row> rows() {
        return List.of(
                // PostgreSQL
                row("jdbc:postgresql://db.example.com:5432/shop?user=app&password=s3cr3t&ssl=true",
                        "jdbc:postgresql://db.example.com:5432/shop", "app", "s3cr3t", "ssl"),
                row("jdbc:postgresql://u1:p1secret@h1:5432,u2:p2secret@h2:5433/db",
                        "jdbc:postgresql://h1:5432,h2:5433/db", null, "p1secret", "p2secret", "u1:", "u2:"),
                row("jdbc:postgresql://user:pa/ss@host/db", "jdbc:postgresql://host/db", null, "pa/ss", "pa"),
                row("jdbc:postgresql://user:p@ss@host:5432/db", "jdbc:postgresql://host:5432/db", null, "p@ss", "ss@"),
                row("jdbc:postgresql://user:a,evil.org@host/db", "jdbc:postgresql://host/db", null, "evil", "a,"),
                row("jdbc:postgresql://user:12345?x@host/db", "jdbc:postgresql:", null, "12345"),
                row("jdbc:postgresql://h/db?user=me@corp.com&password=pw@secret",
                        "jdbc:postgresql://h/db", "me@corp.com", "pw@secret", "secret"),
                row("jdbc:postgresql://alice@h/db", "jdbc:postgresql://h/db", "alice"),
                row("jdbc:postgresql://[::1]:5432/db?password=x9x9", "jdbc:postgresql://[::1]:5432/db", null, "x9x9"),
                // MySQL / MariaDB
                row("jdbc:mysql://root:Hunter2@mysql.internal:3306/app?useSSL=false",
                        "jdbc:mysql://mysql.internal:3306/app", null, "Hunter2", "useSSL"),
                row("jdbc:mysql://address=(host=m1)(port=3306)(user=u)(password=Pw0rd)/app",
                        "jdbc:mysql://m1:3306/app", null, "Pw0rd"),
                row("jdbc:mysql://(host=m1,port=3307,user=u,password=Pw0rd)/app", "jdbc:mysql://m1:3307/app", null, "Pw0rd"),
                row("jdbc:mariadb:replication://h1,h2:3307/db?password=MariaPw",
                        "jdbc:mariadb:replication://h1,h2:3307/db", null, "MariaPw"),
                // H2
                row("jdbc:h2:mem:x;USER=sa;PASSWORD=H2secret", "jdbc:h2:mem:x", "sa", "H2secret"),
                row("jdbc:h2:file:/var/data/db;CIPHER=AES;PASSWORD=filepw userpw", "jdbc:h2:file:/var/data/db", null,
                        "filepw", "userpw", "AES"),
                row("jdbc:h2:tcp://h2host/~/db;PASSWORD=tcpSecret", "jdbc:h2:tcp://h2host/~/db", null, "tcpSecret"),
                // Oracle
                row("jdbc:oracle:thin:@orahost:1521/ORCLPDB", "jdbc:oracle:thin:@orahost:1521/ORCLPDB", null),
                row("jdbc:oracle:thin:@//orahost:1521/svc", "jdbc:oracle:thin:@//orahost:1521/svc", null),
                row("jdbc:oracle:thin:scott/tiger@orahost:1521:ORCL", "jdbc:oracle:thin:@orahost:1521:ORCL", null,
                        "tiger", "scott/"),
                row("jdbc:oracle:thin:scott/ti@ger@//orahost:1521/svc", "jdbc:oracle:thin:@//orahost:1521/svc", null,
                        "ti@ger", "ger"),
                row("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS_LIST=(ADDRESS=(PROTOCOL=TCP)(HOST=o1)(PORT=1521))"
                        + "(ADDRESS=(PROTOCOL=TCP)(HOST=o2)(PORT=1522)))(CONNECT_DATA=(SERVICE_NAME=sales)))",
                        "jdbc:oracle:thin:@//o1:1521,o2:1522/sales", null, "PROTOCOL"),
                // SQL Server, jTDS
                row("jdbc:sqlserver://sql1:1433;databaseName=inv;user=sa;password={a;b}",
                        "jdbc:sqlserver://sql1:1433/inv", "sa", "{a;b}", "a;b"),
                row("jdbc:sqlserver://sql1\\inst;databaseName=inv;password={x;user=evil;y}z;encrypt=true",
                        "jdbc:sqlserver://sql1\\inst/inv", null, "evil", "encrypt"),
                row("jdbc:jtds:sqlserver://sql2:1433/inv;user=sa;password=JtdsPw", "jdbc:jtds:sqlserver://sql2:1433/inv",
                        "sa", "JtdsPw"),
                // DB2, Informix
                row("jdbc:db2://db2h:50000/SAMPLE:user=db2inst1;password=Db2Pw;", "jdbc:db2://db2h:50000/SAMPLE",
                        "db2inst1", "Db2Pw"),
                row("jdbc:informix-sqli://ifx:1533/stores:INFORMIXSERVER=srv;user=informix;password=IfxPw",
                        "jdbc:informix-sqli://ifx:1533/stores", "informix", "IfxPw", "srv"),
                // Derby, HSQLDB, SQLite
                row("jdbc:derby:memory:demo;create=true;user=app;password=DerbyPw", "jdbc:derby:memory:demo", "app",
                        "DerbyPw"),
                row("jdbc:derby://dh:1527/demo;user=app;password=DerbyPw", "jdbc:derby://dh:1527/demo", "app", "DerbyPw"),
                row("jdbc:hsqldb:hsql://hh:9001/xdb;password=HsqlPw", "jdbc:hsqldb:hsql://hh:9001/xdb", null, "HsqlPw"),
                row("jdbc:hsqldb:mem:x;user=SA;password=HsqlPw", "jdbc:hsqldb:mem:x", "SA", "HsqlPw"),
                row("jdbc:sqlite:/tmp/app.db?cipher=sqlcipher&key=SqliteKey", "jdbc:sqlite:/tmp/app.db", null,
                        "SqliteKey", "cipher"),
                row("jdbc:sqlite::memory:", "jdbc:sqlite::memory:", null),
                // Snowflake, Redshift, Athena, ClickHouse
                row("jdbc:snowflake://acct.snowflakecomputing.com/?user=u&password=SnowPw&db=SALES&token=Tok123",
                        "jdbc:snowflake://acct.snowflakecomputing.com/SALES", "u", "SnowPw", "Tok123"),
                row("jdbc:redshift://rs.abc.us-west-2.redshift.amazonaws.com:5439/dev;AwsSecretKey=AwsS3cret;"
                        + "AccessKeyID=AKIA1", "jdbc:redshift://rs.abc.us-west-2.redshift.amazonaws.com:5439/dev", null,
                        "AwsS3cret", "AKIA1"),
                row("jdbc:redshift:iam://cluster:us-west-2/dev?AccessKeyID=AKIA2&SecretAccessKey=Sak9&SessionToken=St7",
                        "jdbc:redshift:iam://cluster/dev", null, "Sak9", "St7", "AKIA2"),
                row("jdbc:awsathena://AwsRegion=us-east-1;User=AKIA3;Password=AthenaPw;S3OutputLocation=s3://b/",
                        "jdbc:awsathena:", "AKIA3", "AthenaPw", "s3://"),
                row("jdbc:clickhouse://ch:8123/default?user=default&password=ChPw&accessToken=AcTok",
                        "jdbc:clickhouse://ch:8123/default", "default", "ChPw", "AcTok"),
                row("jdbc:ch:https://ch:8443/db?ssl=true&password=ChPw", "jdbc:ch:https://ch:8443/db", null, "ChPw"),
                // Other schemes and the unparsed
                row("mongodb://u1:p1secret@m1:27017,u2:p2secret@m2:27017/app?authSource=admin",
                        "mongodb://m1:27017,m2:27017/app", null, "p1secret", "p2secret", "admin"),
                row("jdbc:foo:bar;password=FooPw", "jdbc:foo:", null, "FooPw", "bar"),
                row("jdbc:weird://ho st:1/x?password=WeirdPw", "jdbc:weird:", null, "WeirdPw"),
                row("jdbc:postgresql://h/db\n\u001b[31mforged?password=x", "jdbc:postgresql://h", null, "forged",
                        "\u001b"),
                row("not a url password=NotUrlPw", "(URL not shown)", null, "NotUrlPw"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void keepsOnlyTheAddress(Row r) {
        String out = Redact.url(r.url());
        for (String secret : r.secrets()) {
            assertFalse(out.contains(secret), () -> "secret '" + secret + "' survived in " + out);
        }
        assertEquals(r.expected(), out);
        assertEquals(r.user(), Redact.user(r.url()));
    }

    @Test
    void nullStaysNull() {
        assertNull(Redact.url(null));
        assertNull(Redact.user(null));
    }

    @Test
    void userPropertiesThatDisagreeGiveNoUser() {
        assertNull(Redact.user("jdbc:postgresql://h/db?user=a&user=b"));
        assertNull(Redact.user("jdbc:postgresql://alice:pw@h/db?user=alice"));
        assertNull(Redact.safeUser("us er"));
        assertNull(Redact.safeUser("a/b"));
        assertTrue(Redact.safeUser("DOMAIN\\svc.user-1") != null);
    }

    @Test
    void describedConnectionsCarryNoSecret() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", "app");
        p.setProperty("password", "PropPw");
        String d = JdbcSource.fromDriver("jdbc:oracle:thin:scott/OraPw@oh:1521/svc", p).toString();
        assertEquals("connection jdbc:oracle:thin:@oh:1521/svc user app", d);
        assertEquals("connection jdbc:h2:mem:x user sa",
                JdbcSource.fromDriver("jdbc:h2:mem:x;USER=sa;PASSWORD=H2pw", null).toString());
        String key = (String) JdbcPolicy.quotaKey(null, "jdbc:db2://h:50000/d:user=u;password=Db2Pw;", null);
        assertEquals("jdbc:db2://h:50000/d user u", key);
    }
}

package io.tollgate.ingest.testing;

import io.tollgate.testsupport.PostgresFixture;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Unpooled data sources over the real databases the specs run against. */
public final class Databases {
  private Databases() {}

  public static DataSource postgres(PostgresFixture pg) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(pg.jdbcUrl());
    ds.setUser(pg.user());
    ds.setPassword(pg.password());
    return ds;
  }

  /** A fresh in-memory H2 in the mode the service embeds it. */
  public static DataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(
        "jdbc:h2:mem:ingest_"
            + UUID.randomUUID().toString().replace("-", "")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    return ds;
  }
}

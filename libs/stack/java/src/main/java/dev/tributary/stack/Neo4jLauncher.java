package dev.tributary.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with a Bolt connector on loopback and authentication off: the local
 * stack's graph database (`tributary stack up`), never a production server.
 *
 * <p>Usage: {@code Neo4jLauncher --data DIR --bolt-port PORT [--host 127.0.0.1]}. Prints
 * {@code neo4j ready bolt://HOST:PORT} once the default database is available and shuts down cleanly
 * on SIGTERM/SIGINT.
 */
public final class Neo4jLauncher {
  private Neo4jLauncher() {}

  public static void main(String[] args) throws InterruptedException {
    String data = null;
    String host = "127.0.0.1";
    int port = -1;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--data" -> { data = value; i++; }
        case "--bolt-port" -> { port = Integer.parseInt(value); i++; }
        case "--host" -> { host = value; i++; }
        default -> usage("unknown argument " + args[i]);
      }
    }
    if (data == null || port <= 0) usage("--data and --bolt-port are required");

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(Path.of(data).toAbsolutePath())
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
            .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
            // A local server with no clients left at shutdown: don't wait 10 s for Bolt threads.
            .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
            .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
            .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
            .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
            .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("neo4j shutting down");
                  dbms.shutdown();
                  System.out.println("neo4j stopped");
                  stopped.countDown();
                },
                "neo4j-shutdown"));
    // Touch the default database so "ready" means queries will be served.
    dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
    System.out.println("neo4j ready bolt://" + host + ":" + port);
    stopped.await();
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: Neo4jLauncher --data DIR --bolt-port PORT [--host 127.0.0.1]");
    System.exit(2);
  }
}

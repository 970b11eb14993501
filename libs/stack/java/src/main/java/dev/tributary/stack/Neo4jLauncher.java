package dev.tributary.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import picocli.CommandLine;

/**
 * Runs Neo4j Community embedded with a Bolt connector: the local stack's graph database (`tributary
 * stack up`, on loopback with authentication off) and the chart's dev dependency image (all
 * addresses, {@code --auth neo4j/PASSWORD} as the official image's NEO4J_AUTH), never a production
 * server.
 *
 * <p>Usage: {@code Neo4jLauncher --data DIR --bolt-port PORT [--host 127.0.0.1] [--auth none|neo4j/PASSWORD]}. Prints
 * {@code neo4j ready bolt://HOST:PORT} once the default database is available and shuts down cleanly
 * on SIGTERM/SIGINT.
 */
public final class Neo4jLauncher {
  private Neo4jLauncher() {}

  public static void main(String[] args) throws InterruptedException {
    String data = null;
    String host = "127.0.0.1";
    int port = -1;
    String auth = "none";
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--data" -> { data = value; i++; }
        case "--bolt-port" -> { port = Integer.parseInt(value); i++; }
        case "--host" -> { host = value; i++; }
        case "--auth" -> { auth = value; i++; }
        default -> usage("unknown argument " + args[i]);
      }
    }
    if (data == null || port <= 0) usage("--data and --bolt-port are required");
    // As the official image: "none", or the password of the built-in user neo4j.
    String password = null;
    if (!"none".equals(auth)) {
      if (auth == null || !auth.startsWith("neo4j/") || auth.length() <= "neo4j/".length())
        usage("--auth must be none or neo4j/PASSWORD");
      password = auth.substring("neo4j/".length());
    }
    // Drivers connect to the advertised address; a wildcard listener advertises this host's address.
    String advertised = host;
    if ("0.0.0.0".equals(host)) {
      try {
        advertised = java.net.InetAddress.getLocalHost().getHostAddress();
      } catch (java.net.UnknownHostException e) {
        advertised = "127.0.0.1";
      }
    }

    Path home = Path.of(data).toAbsolutePath();
    // The password only takes effect on the first start (it seeds the system database), as
    // `neo4j-admin dbms set-initial-password` does for the official image.
    if (password != null && !Files.exists(home.resolve("data/databases/system"))) {
      int exit =
          new CommandLine(new SetInitialPasswordCommand(new ExecutionContext(home, home.resolve("conf"))))
              .execute(password);
      if (exit != 0) usage("could not set the initial password (exit " + exit + ")");
    }
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress(advertised, port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
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
    System.err.println(
        "usage: Neo4jLauncher --data DIR --bolt-port PORT [--host 127.0.0.1] [--auth none|neo4j/PASSWORD]");
    System.exit(2);
  }
}

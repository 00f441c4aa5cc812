package io.creditcast.bench;

import io.creditcast.testsupport.KeycloakServer;
import io.creditcast.testsupport.SharedElasticsearch;
import io.creditcast.testsupport.SharedKeycloak;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts Keycloak and/or Elasticsearch for a run outside Maven's test JVMs (the UI e2e run), the same way the
 * ITs do: Keycloak through {@link SharedKeycloak} (its cached database, the Creditcast realm and the dev overlay)
 * on the port the caller chose, Elasticsearch through {@link SharedElasticsearch} (temporary instance, random
 * port). Both start at once, each on its own thread; each prints one line when ready:
 *
 * <pre>
 * KEYCLOAK_URL=http://127.0.0.1:&lt;port&gt;
 * ELASTICSEARCH_URL=http://127.0.0.1:&lt;port&gt;
 * </pre>
 *
 * and {@code FAILED <server>: <reason>} if one cannot start. Then it blocks until terminated: the shutdown hooks
 * of SharedKeycloak and SharedElasticsearch stop the servers that are up, and one more hook ends this process's
 * child processes, so a server still starting (or one that failed to start in time) is not left running.
 *
 * <p>Arguments: {@code keycloak=<port>} (0: random) and/or {@code elasticsearch}.
 */
public final class TestServers {
    private TestServers() {}

    public static void main(String[] args) throws InterruptedException {
        List<Thread> starters = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("keycloak=")) {
                int port = Integer.parseInt(arg.substring("keycloak=".length()));
                starters.add(starter("keycloak", () -> {
                    KeycloakServer keycloak = SharedKeycloak.server(port);
                    return "KEYCLOAK_URL=" + keycloak.baseUrl();
                }));
            } else if (arg.equals("elasticsearch")) {
                starters.add(starter("elasticsearch", () -> "ELASTICSEARCH_URL=" + SharedElasticsearch.url()));
            } else {
                System.err.println("usage: TestServers [keycloak=<port>] [elasticsearch], got '" + arg + "'");
                System.exit(2);
            }
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy),
                        "test-servers-children-stop"));
        starters.forEach(Thread::start);
        new CountDownLatch(1).await();
    }

    private interface Start {
        String start() throws Exception;
    }

    private static Thread starter(String name, Start start) {
        return new Thread(
                () -> {
                    try {
                        String line = start.start();
                        synchronized (System.out) {
                            System.out.println(line);
                            System.out.flush();
                        }
                    } catch (Exception | Error e) {
                        // the caller stops this process (its hooks then end what was started)
                        System.out.println("FAILED " + name + ": " + e);
                        System.out.flush();
                    }
                },
                "start-" + name);
    }
}

// The benchmark's ceiling: a minimal Vert.x HTTP server that answers every request with the same
// bytes the service returns for the hot query, with no GraphQL, cache or upstream work at all.
// Run with the service's own Vert.x jars (Java 17 source launcher):
//   java -cp "target/quarkus-app/lib/main/*" bench/Baseline.java <port> <response-file>
// Listens on 127.0.0.1 with one verticle per event loop (2 x cores, as Quarkus does).

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;

import java.nio.file.Files;
import java.nio.file.Path;

public class Baseline {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Baseline <port> <response-file>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        int instances = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                Buffer bytes = Buffer.buffer(body);
                String length = String.valueOf(body.length);
                vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                        .requestHandler(req -> req.body(ignored -> req.response()
                                .putHeader("Content-Type", "application/json")
                                .putHeader("Content-Length", length)
                                .end(bytes)))
                        .listen()
                        .<Void>mapEmpty()
                        .onComplete(started);
            }
        }, new DeploymentOptions().setInstances(instances)).onComplete(done -> {
            if (done.failed()) {
                done.cause().printStackTrace();
                System.exit(1);
            }
            System.out.println("Baseline listening on 127.0.0.1:" + port + " (" + instances
                    + " event loops, " + body.length + " bytes per answer)");
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close()));
    }
}

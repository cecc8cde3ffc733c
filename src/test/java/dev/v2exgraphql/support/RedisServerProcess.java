package dev.v2exgraphql.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server for tests, on a free loopback port, without persistence. Uses the
 * {@code redis-server} on the PATH (CI installs Debian's, Redis 7); on a machine without one, the
 * Linux binary bundled in the embedded-redis test dependency (Redis 6.2). Tests can stop and restart
 * it on the same port to play a Redis outage.
 */
public final class RedisServerProcess {

    private final int port;
    private final Path binary;
    private Process process;

    public RedisServerProcess() {
        this.port = freePort();
        this.binary = findBinary();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if ("+PONG".equals(command("PING"))) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port);
    }

    public void stop() {
        stop(false);
    }

    /** Ends it at once (SIGKILL), as a crash would: connections drop without a goodbye. */
    public void kill() {
        stop(true);
    }

    /** Freezes it (SIGSTOP): connections stay open, commands get no answer, as with a hung server. */
    public synchronized void pause() {
        signal("-STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    public synchronized void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        if (process == null) {
            return;
        }
        try {
            new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void stop(boolean kill) {
        if (process != null) {
            if (kill) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public void flushAll() {
        if (running()) {
            command("FLUSHALL");
        }
    }

    /** All keys (KEYS *: fine for a test database), as text. */
    public List<String> keys() {
        String reply = command("KEYS", "*");
        return reply == null ? List.of() : List.of(reply.lines().filter(l -> !l.startsWith("*") && !l.startsWith("$"))
                .toArray(String[]::new));
    }

    /** A plain command over RESP; returns the raw reply text, or null when Redis does not answer. */
    public String command(String... args) {
        StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
        for (String arg : args) {
            request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static Path findBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String bundled = arch.contains("aarch64") || arch.contains("arm64") ? "redis-server-6.2.7-linux-arm64"
                : "redis-server-6.2.6-v5-linux-amd64";
        try (InputStream in = RedisServerProcess.class.getResourceAsStream("/" + bundled)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on the PATH and none bundled for " + arch);
            }
            Path target = Files.createTempFile("redis-server-", "");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().setExecutable(true);
            target.toFile().deleteOnExit();
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract the bundled redis-server", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

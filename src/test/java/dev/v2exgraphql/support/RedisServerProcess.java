package dev.v2exgraphql.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real redis-server for tests, on a free loopback port, without persistence. Uses the
 * {@code redis-server} on the PATH (CI installs Debian's, Redis 7); on a machine without one, the
 * Linux binary bundled in the embedded-redis test dependency (Redis 6.2). The system property
 * {@code redis.binary} overrides the lookup: {@code bundled} forces the bundled binary, anything else is
 * taken as the path of a redis-server. Tests can stop and restart it on the same port to play a Redis
 * outage. {@link RedisSentinelSet} and {@link RedisClusterSet} build their topologies from it, with extra
 * options (replica, cluster, sentinel mode).
 */
public final class RedisServerProcess {

    /** Processes still running, killed when the JVM exits so a failed or aborted test leaves none behind. */
    private static final Set<RedisServerProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(2);
    private static Path binary;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(RedisServerProcess::kill),
                "redis-server-reaper"));
    }

    private final int port;
    private final List<String> commandLine;
    private Process process;

    public RedisServerProcess() {
        this(freePort(), null, List.of());
    }

    private RedisServerProcess(int port, Path configFile, List<String> options) {
        this.port = port;
        List<String> line = new ArrayList<>();
        line.add(binary().toString());
        if (configFile != null) {
            // redis-server only reads a config file given as its first argument.
            line.add(configFile.toString());
        }
        line.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        line.addAll(options);
        this.commandLine = List.copyOf(line);
    }

    /** A redis-server on the given port with extra options, e.g. {@code --replicaof 127.0.0.1 6379}. */
    static RedisServerProcess withOptions(int port, String... options) {
        return new RedisServerProcess(port, null, List.of(options));
    }

    /** A Sentinel on the given port; it rewrites its config file, which must therefore be writable. */
    static RedisServerProcess sentinel(int port, Path configFile) {
        return new RedisServerProcess(port, configFile, List.of("--sentinel"));
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
        try {
            process = new ProcessBuilder(commandLine).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + commandLine.get(0), e);
        }
        LIVE.add(this);
        Process started = process;
        await("redis-server to answer PING on port " + port, Duration.ofSeconds(10), () -> {
            if (!started.isAlive()) {
                // Output is discarded, so say at least how it was started and how it ended.
                throw new IllegalStateException("redis-server exited with " + started.exitValue() + ": " + commandLine);
            }
            return "+PONG".equals(command("PING"));
        });
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
        LIVE.remove(this);
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
        return keys(port);
    }

    /** A plain command over RESP; returns the raw reply text, or null when Redis does not answer. */
    public String command(String... args) {
        return command(port, args);
    }

    /** A plain command to the server on a loopback port; the raw reply text, or null without an answer. */
    static String command(int port, String... args) {
        try {
            return exchange(port, args).raw();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A command whose reply is parsed: a String (simple or bulk string), Long, List (array), null (nil),
     * or {@link RedisError}. Throws when the server does not answer, since callers need the value.
     */
    static Object call(int port, String... args) {
        try {
            return exchange(port, args).value();
        } catch (IOException e) {
            throw new IllegalStateException("no answer from 127.0.0.1:" + port + " to " + args[0], e);
        }
    }

    /** {@link #call} for a command answering one (bulk) string, such as INFO; "" when it does not answer. */
    static String text(int port, String... args) {
        try {
            return exchange(port, args).value() instanceof String s ? s : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** All keys on the server at the port; none when it does not answer, as for a stopped server. */
    static List<String> keys(int port) {
        try {
            return exchange(port, "KEYS", "*").value() instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** An error reply, kept apart from a plain string so that an error never passes for data. */
    record RedisError(String message) {
    }

    private record Reply(String raw, Object value) {
    }

    private static Reply exchange(int port, String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) REPLY_TIMEOUT.toMillis());
            socket.setSoTimeout((int) REPLY_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request(args));
            out.flush();
            RespReader reader = new RespReader(socket.getInputStream());
            Object value = reader.read();
            return new Reply(reader.raw().strip(), value);
        }
    }

    private static byte[] request(String... args) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            request.writeBytes(bytes);
            request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return request.toByteArray();
    }

    /**
     * Reads exactly one RESP2 reply, keeping the bytes it read: the connection stays open, so the reply
     * ends where its own framing says, not when the server closes.
     */
    private static final class RespReader {

        private final InputStream in;
        private final ByteArrayOutputStream raw = new ByteArrayOutputStream();

        RespReader(InputStream in) {
            this.in = new BufferedInputStream(in);
        }

        String raw() {
            return raw.toString(StandardCharsets.UTF_8);
        }

        Object read() throws IOException {
            int type = next();
            String line = line();
            return switch (type) {
                case '+' -> line;
                case '-' -> new RedisError(line);
                case ':' -> Long.parseLong(line);
                case '$' -> bulk(Integer.parseInt(line));
                case '*' -> array(Integer.parseInt(line));
                default -> throw new IOException("not a RESP2 reply: " + (char) type + line);
            };
        }

        private String bulk(int length) throws IOException {
            if (length < 0) {
                return null;
            }
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) next();
            }
            line();
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private List<Object> array(int length) throws IOException {
            if (length < 0) {
                return null;
            }
            List<Object> items = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                items.add(read());
            }
            return items;
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = next(); b != '\r'; b = next()) {
                line.write(b);
            }
            next();
            return line.toString(StandardCharsets.UTF_8);
        }

        private int next() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed mid-reply");
            }
            raw.write(b);
            return b;
        }
    }

    /** Polls the condition until it holds; fails with what was awaited once the timeout has passed. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            sleep(50);
        }
    }

    /** The redis-server to run, found once per JVM: the bundled one is 10 MB to extract. */
    static synchronized Path binary() {
        if (binary == null) {
            binary = findBinary();
        }
        return binary;
    }

    private static Path findBinary() {
        String override = System.getProperty("redis.binary", "").strip();
        if ("bundled".equals(override)) {
            return extractBundled();
        }
        if (!override.isEmpty()) {
            return Path.of(override);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return extractBundled();
    }

    private static Path extractBundled() {
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

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Distinct free ports: each socket stays bound until all are picked, so none comes up twice. */
    static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            sockets.forEach(RedisServerProcess::closeQuietly);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Only a probe: nothing to do.
        }
    }

    /** Whether nothing listens on the loopback port, so a redis-server could bind it. */
    static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes a work directory and all in it; quietly, as a leftover temp file must not fail a test. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Left for the OS to clean up with the rest of the temp dir.
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

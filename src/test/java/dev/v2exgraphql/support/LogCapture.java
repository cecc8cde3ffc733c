package dev.v2exgraphql.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.PropertyTestUtil;

/**
 * Records every log line of the service while open. When the service runs in the test JVM, a
 * handler on the root logger sees each record; when it runs in its own process (integration tests),
 * the lines it appended to its log file meanwhile are read back (the file format of the test
 * profile, {@code %test.quarkus.log.file.format}, keeps the whole logger name for this).
 */
public abstract class LogCapture implements AutoCloseable {

    /** One captured record: logger, level and the whole text (message, parameters, stack trace). */
    public record Line(String logger, Level level, String text) {
    }

    public static LogCapture start() {
        return Service.inThisJvm() ? new InJvm() : new FromLogFile(PropertyTestUtil.getLogFilePath());
    }

    public abstract List<Line> lines();

    @Override
    public abstract void close();

    private static final class InJvm extends LogCapture {

        private final List<Line> lines = new ArrayList<>();
        private final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    text.append(' ').append(Arrays.deepToString(record.getParameters()));
                }
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    text.append(' ').append(trace);
                }
                synchronized (lines) {
                    lines.add(new Line(record.getLoggerName(), record.getLevel(), text.toString()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        InJvm() {
            handler.setLevel(Level.ALL);
            Logger.getLogger("").addHandler(handler);
        }

        @Override
        public List<Line> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(handler);
        }
    }

    private static final class FromLogFile extends LogCapture {

        // "12:00:00,000 DEBUG [dev.v2exgraphql.upstream.V2exClient] (thread) message"; other lines
        // (stack traces, multi-line messages) continue the record before them.
        private static final Pattern RECORD = Pattern.compile(
                "^\\d{2}:\\d{2}:\\d{2},\\d{3} (\\w+)\\s+\\[([^\\]]*)\\] \\(([^)]*)\\) (.*)$");

        private final Path file;
        private final long from;

        FromLogFile(Path file) {
            this.file = file;
            this.from = size(file);
        }

        @Override
        public List<Line> lines() {
            List<Line> lines = new ArrayList<>();
            for (String raw : newText().split("\n")) {
                Matcher m = RECORD.matcher(raw);
                if (m.matches()) {
                    lines.add(new Line(m.group(2), level(m.group(1)), m.group(4)));
                } else if (!lines.isEmpty()) {
                    Line last = lines.remove(lines.size() - 1);
                    lines.add(new Line(last.logger(), last.level(), last.text() + "\n" + raw));
                } else if (!raw.isBlank()) {
                    throw new AssertionError("unexpected log format in " + file + ": " + raw);
                }
            }
            return lines;
        }

        private String newText() {
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                in.seek(from);
                byte[] bytes = new byte[(int) (in.length() - from)];
                in.readFully(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the service's log " + file, e);
            }
        }

        private static long size(Path file) {
            try {
                return Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Level level(String jbossLevel) {
            return switch (jbossLevel) {
                case "FATAL", "ERROR" -> Level.SEVERE;
                case "WARN" -> Level.WARNING;
                case "INFO" -> Level.INFO;
                case "DEBUG" -> Level.FINE;
                default -> Level.FINER;
            };
        }

        @Override
        public void close() {
        }
    }
}

package org.longscope.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.core.json.Json;

/**
 * The append-only {@code samples.jsonl} of a run. A record counts as stored only once its line is
 * written and forced to disk. Opening an existing file keeps every complete line and cuts off a
 * torn last line (a crash mid-write), so it is redone instead of lost or duplicated.
 */
public final class SampleStore implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final Map<String, SampleRecord> records;

    private SampleStore(Path file, FileChannel channel, Map<String, SampleRecord> records) {
        this.file = file;
        this.channel = channel;
        this.records = records;
    }

    /** What a samples file holds: its records by key, and how many bytes of it are whole lines. */
    private record Contents(Map<String, SampleRecord> records, long validLength) {
    }

    /** The records of a samples file, without opening it for writing (a torn last line is left out). */
    public static List<SampleRecord> read(Path file) throws IOException {
        return new ArrayList<>(contents(file).records().values());
    }

    private static Contents contents(Path file) throws IOException {
        Map<String, SampleRecord> records = new LinkedHashMap<>();
        long validLength = 0;
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            int lineStart = 0;
            int lineNumber = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                lineNumber++;
                String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                SampleRecord record = parse(line, file, lineNumber, i + 1 == bytes.length);
                if (record == null) {
                    break; // torn last line that happened to end in a newline byte
                }
                SampleRecord earlier = records.get(record.key());
                if (earlier == null || earlier.retriedOnResume()) { // a retried item's later record replaces the failure
                    records.remove(record.key());
                    records.put(record.key(), record);
                }
                lineStart = i + 1;
                validLength = i + 1;
            }
        }
        return new Contents(records, validLength);
    }

    /** Opens (creating if needed) a store, recovering what an earlier session wrote. */
    public static SampleStore open(Path file) throws IOException {
        Contents contents = contents(file);
        Map<String, SampleRecord> records = contents.records();
        long validLength = contents.validLength();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock(channel, file);
        if (channel.size() > validLength) {
            channel.truncate(validLength);
            channel.force(true);
        }
        channel.position(validLength);
        return new SampleStore(file, channel, records);
    }

    /** One writer per run: a second process (or a second open here) must not interleave records. */
    private static void lock(FileChannel channel, Path file) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new InvalidInputException(file.toString(), "the run is being written by another session; "
                    + "wait for it to end or stop it before resuming");
        }
    }

    private static SampleRecord parse(String line, Path file, int lineNumber, boolean last) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            return SampleRecord.fromJson(node);
        } catch (IOException | IllegalArgumentException e) {
            if (last) {
                return null;
            }
            throw new InvalidInputException(file.getFileName() + " line " + lineNumber,
                    "expected a sample record (JSON object with key and status): " + e.getMessage());
        }
    }

    /** Appends a record and forces it to disk before returning. */
    public synchronized void append(SampleRecord record) throws IOException {
        SampleRecord stored = records.get(record.key());
        if (stored != null && !stored.retriedOnResume()) {
            throw new IllegalStateException("work item " + record.key() + " is already stored");
        }
        byte[] line = (Json.MAPPER.writeValueAsString(record.toJson()) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
        records.put(record.key(), record);
    }

    /** Stored records by key, in file order. */
    public synchronized Map<String, SampleRecord> records() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(records));
    }

    public synchronized List<SampleRecord> list() {
        return new ArrayList<>(records.values());
    }

    public synchronized boolean contains(String key) {
        return records.containsKey(key);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}

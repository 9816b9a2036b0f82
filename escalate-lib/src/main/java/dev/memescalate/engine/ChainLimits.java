package dev.memescalate.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.config.IndexMapping;
import dev.memescalate.indexset.ArrayLimits;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.Slurm;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What Slurm accepts in one array job of this chain, and where its handler and the handler's guards run: the
 * config's settings combined with the cluster's own limits. The cluster's part is read with scontrol once, at
 * submit, and stored with the chain ({@link #toJson}), so a handler asks scontrol nothing.
 *
 * @param guardResources the resources of guard generation 1, 2, ...: twice the handler's memory and time, then four
 *     times, within what the handler's partitions allow
 * @param indexMapping whether a round that does not fit one array is renumbered (the config's, not stored here)
 *
 * <p>The stored JSON is written and read with jackson-core's streaming API: every handler run reads it, and a
 * jackson-databind mapper's first use costs tens of milliseconds of its start.
 */
record ChainLimits(ArrayLimits arrayLimits, JobResources handlerResources, List<JobResources> guardResources,
        IndexMapping indexMapping) {
    /** How many guards run a failed handler again, each with twice the resources of the one before. */
    static final int GUARD_GENERATIONS = 2;

    private static final JsonFactory JSON = new JsonFactory();

    ChainLimits {
        guardResources = List.copyOf(guardResources);
    }

    static ChainLimits read(Slurm slurm, EscalationConfig config) {
        return of(slurm.clusterInfo(), config, Optional.empty());
    }

    /**
     * @param partitionOverride submit's --partition, which replaces every level's partitions: the handler runs there
     *     too unless the config names its partition
     */
    static ChainLimits of(ClusterInfo cluster, EscalationConfig config, Optional<List<String>> partitionOverride) {
        JobResources handler = HandlerResourcesResolver.resolve(config, cluster, partitionOverride);
        return new ChainLimits(arrayLimits(config, cluster.maxArraySize()), handler,
                HandlerResourcesResolver.guards(handler, cluster, GUARD_GENERATIONS),
                config.chainOptions().indexMapping());
    }

    private static ArrayLimits arrayLimits(EscalationConfig config, int maxArraySize) {
        return new ArrayLimits(config.maxArraySpecLength(), OptionalInt.of(maxArraySize), config.maxArrayTasks());
    }

    /** The resources of guard {@code generation} (1-based). */
    JobResources guardResources(int generation) {
        return guardResources.get(Math.min(generation, guardResources.size()) - 1);
    }

    /** The cluster's part, as stored with the chain: MaxArraySize and the handler's and guards' resources. */
    String toJson() {
        StringWriter json = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(json)) {
            out.writeStartObject();
            out.writeNumberField("max_array_size", arrayLimits.maxArraySize().orElseThrow());
            out.writeFieldName("handler");
            write(out, handlerResources);
            out.writeArrayFieldStart("guards");
            for (JobResources guard : guardResources) {
                write(out, guard);
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return json.toString();
    }

    private static void write(JsonGenerator out, JobResources r) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("partitions");
        for (String partition : r.partitions()) {
            out.writeString(partition);
        }
        out.writeEndArray();
        out.writeNumberField("mem_mb", r.mem().megabytes());
        out.writeNumberField("time_s", r.time().seconds());
        out.writeEndObject();
    }

    /** The limits of a chain from what submit stored and the chain's config. Unknown fields are skipped. */
    static ChainLimits fromJson(String json, EscalationConfig config) {
        try (JsonParser in = JSON.createParser(json)) {
            expect(in.nextToken(), JsonToken.START_OBJECT);
            Integer maxArraySize = null;
            JobResources handler = null;
            List<JobResources> guards = new ArrayList<>();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.getCurrentName();
                JsonToken value = in.nextToken();
                switch (field) {
                    case "max_array_size" -> maxArraySize = in.getIntValue();
                    case "handler" -> handler = resources(in, value);
                    case "guards" -> {
                        expect(value, JsonToken.START_ARRAY);
                        for (JsonToken guard = in.nextToken(); guard != JsonToken.END_ARRAY; guard = in.nextToken()) {
                            guards.add(resources(in, guard));
                        }
                    }
                    default -> in.skipChildren();
                }
            }
            if (maxArraySize == null || handler == null) {
                throw new IOException("max_array_size or handler missing");
            }
            return new ChainLimits(arrayLimits(config, maxArraySize), handler, guards,
                    config.chainOptions().indexMapping());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the cluster limits stored with the chain cannot be read: " + json, e);
        }
    }

    private static JobResources resources(JsonParser in, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        List<String> partitions = new ArrayList<>();
        Long megabytes = null;
        Long seconds = null;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.getCurrentName();
            JsonToken value = in.nextToken();
            switch (field) {
                case "partitions" -> {
                    expect(value, JsonToken.START_ARRAY);
                    for (JsonToken p = in.nextToken(); p != JsonToken.END_ARRAY; p = in.nextToken()) {
                        expect(p, JsonToken.VALUE_STRING);
                        partitions.add(in.getText());
                    }
                }
                case "mem_mb" -> megabytes = in.getLongValue();
                case "time_s" -> seconds = in.getLongValue();
                default -> in.skipChildren();
            }
        }
        if (megabytes == null || seconds == null) {
            throw new IOException("mem_mb or time_s missing");
        }
        return new JobResources(partitions, MemorySize.ofMegabytes(megabytes), new TimeLimit(seconds));
    }

    private static void expect(JsonToken token, JsonToken expected) throws IOException {
        if (token != expected) {
            throw new IOException("expected " + expected + ", found " + token);
        }
    }
}

package dev.memescalate.slurm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the {@code sacctmgr -n -P} answers pre-flight asks for: {@code show qos format=Name,MaxWall} and
 * {@code show assoc where user=U format=Account}. Pure.
 */
public final class SacctmgrParser {
    /** The arguments after {@code sacctmgr} for {@link #qos}. */
    public static final List<String> QOS_QUERY = List.of("-n", "-P", "show", "qos", "format=Name,MaxWall");

    private SacctmgrParser() {
    }

    /** The arguments after {@code sacctmgr} for {@link #accounts}: the associations of one user. */
    public static List<String> accountsQuery(String user) {
        return List.of("-n", "-P", "show", "assoc", "where", "user=" + user, "format=Account");
    }

    /** One QOS per line, {@code Name|MaxWall}; an empty MaxWall is no limit. */
    public static List<QosInfo> qos(String output) {
        List<QosInfo> qos = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\\|", -1);
            String maxWall = fields.length > 1 ? fields[1].strip() : "";
            qos.add(new QosInfo(fields[0].strip(), maxWall.isEmpty()
                    ? java.util.Optional.empty()
                    : ScontrolParser.parseTimeLimit(maxWall)));
        }
        return List.copyOf(qos);
    }

    /** The accounts of the user's associations, each once, in sacctmgr's order (one line per association). */
    public static List<String> accounts(String output) {
        Set<String> accounts = new LinkedHashSet<>();
        for (String line : output.split("\n")) {
            String account = line.split("\\|", -1)[0].strip();
            if (!account.isEmpty()) {
                accounts.add(account);
            }
        }
        return List.copyOf(accounts);
    }
}

package dev.tandem.relay;

import java.util.regex.Pattern;

/**
 * What names the relay accepts. A document name is one to {@link #MAX_DOC_SEGMENTS} segments of
 * {@code [A-Za-z0-9._-]{1,128}} joined by {@code /} (not {@code .} or {@code ..}); a workspace name and a client id are
 * one such segment. On the hub a document is stored as {@code workspace/name}, so a token reaches only its workspace.
 */
public final class Names {

    public static final int MAX_DOC_SEGMENTS = 4;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Names() {}

    public static boolean isSegment(String s) {
        return s != null && SEGMENT.matcher(s).matches() && !s.equals(".") && !s.equals("..");
    }

    public static boolean isDocName(String s) {
        if (s == null || s.isEmpty()) return false;
        String[] parts = s.split("/", -1);
        if (parts.length > MAX_DOC_SEGMENTS) return false;
        for (String p : parts) if (!isSegment(p)) return false;
        return true;
    }

    /** Why {@code s} is not a document name, in plain words. */
    public static String docNameRule() {
        return "a document name is 1 to " + MAX_DOC_SEGMENTS + " parts joined by '/', each 1-128 of A-Z a-z 0-9 . _ - (not '.' or '..')";
    }

    /** The hub's id of a workspace's document. */
    public static String hubDocId(String workspace, String docName) {
        return workspace + "/" + docName;
    }
}

package io.labfleet.commons;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Entries of the archives the service hands out (lab files, Docker contexts). */
public final class TarEntries {

    private TarEntries() {
    }

    /**
     * An entry with nothing of the machine that builds it: no time, owner 0 without a name (the default is this
     * user's), so the same content always makes the same archive. A name ending with {@code /} is a folder.
     */
    public static TarArchiveEntry anonymous(String name, int mode, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(mode);
        entry.setSize(size);
        entry.setModTime(0);
        entry.setUserName("");
        entry.setGroupName("");
        return entry;
    }
}

package io.tickertape.cli;

import picocli.CommandLine;

/** Version from the jar manifest (set by Maven). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[]{"tickertape " + (v == null ? "dev" : v), "Java " + Runtime.version()};
    }
}

package io.labfleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "logout", mixinStandardHelpOptions = true,
        description = "Forget the login kept on this computer. Your sandboxes run on until they expire or you stop them.")
final class LogoutCommand implements Callable<Integer> {

    @ParentCommand
    Labfleet root;

    @Override
    public Integer call() {
        boolean forgotten = root.store().forgetCredentials();
        root.terminal().out().println(forgotten ? "Logged out." : "You were not logged in.");
        return ExitCode.OK;
    }
}

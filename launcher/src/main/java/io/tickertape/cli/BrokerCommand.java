package io.tickertape.cli;

import io.tickertape.local.LocalKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a local single-node KRaft Kafka broker (separate JVM) for development, until Ctrl-C or SIGTERM.",
                "Configured for exactly_once_v2 on one node. Not for production: use MSK or another managed cluster."})
public final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "target/local-kafka",
            description = "Data, config, broker.log and broker.pid (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092", description = "Listener port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 1 || port > 65535) {
            throw new UsageException("--port must be in 1..65535");
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (LocalKafka kafka = LocalKafka.start(dir, port, Duration.ofSeconds(60))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                stop.countDown();
            }, "broker-stop"));
            spec.commandLine().getOut().printf("{\"bootstrapServers\":\"%s\",\"pid\":%d,\"log\":\"%s\"}%n",
                    kafka.bootstrapServers(), kafka.pid(), dir.resolve("broker.log"));
            spec.commandLine().getOut().flush();
            stop.await();
        }
        return ExitCodes.OK;
    }
}

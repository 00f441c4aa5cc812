package io.creditcast.command.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Keeps {@code docker-compose.yml} (repository root) honest: the stack has every service, dependencies point at
 * services that exist and can become healthy, and every environment variable the compose file gives the command
 * service binds, by Spring's relaxed binding ({@code SPRING_DATASOURCE_URL} ↔ {@code spring.datasource.url}),
 * to a property the service declares in its {@code application.yml}. Renaming a property without updating the
 * compose file fails here instead of in a container.
 */
class DockerComposeFileTest {

    private static final List<String> REQUIRED_SERVICES = List.of(
            "postgres", "axonserver", "elasticsearch", "keycloak", "command-service", "query-service", "media-worker");

    /** Services built from a module directory of this repository, with a Dockerfile there. */
    private static final List<String> BUILT_SERVICES = List.of("command-service", "query-service", "media-worker");

    /**
     * Variables the command service's libraries read straight from the process environment, not Spring
     * properties; each with the reader, so the list stays short.
     */
    private static final Map<String, String> NON_SPRING_ENVIRONMENT = Map.of(
            "AXONIQ_UPDATE_CHECKER_DISABLED", "Axon Framework's update checker",
            "JAVA_TOOL_OPTIONS", "the JVM",
            "TZ", "the C library / JVM time zone");

    private static Path repositoryRoot;
    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    static void loadComposeFile() throws IOException {
        repositoryRoot = findRepositoryRoot();
        compose = asMap(loadYaml(repositoryRoot.resolve("docker-compose.yml")).getFirst(), "docker-compose.yml");
        services = asMap(compose.get("services"), "services");
    }

    @Test
    void the_stack_has_every_required_service() {
        assertThat(services).containsKeys(REQUIRED_SERVICES.toArray(String[]::new));
    }

    @Test
    void every_service_runs_an_image_or_builds_one() {
        services.forEach(
                (name, definition) -> assertThat(asMap(definition, name).keySet())
                        .as("service %s needs an image or a build", name)
                        .containsAnyOf("image", "build"));
    }

    @Test
    void built_services_have_a_dockerfile_in_their_build_context() {
        for (String name : BUILT_SERVICES) {
            Object build = service(name).get("build");
            assertThat(build)
                    .as("service %s is built from the repository", name)
                    .isNotNull();
            String context =
                    build instanceof Map<?, ?> map ? String.valueOf(map.get("context")) : String.valueOf(build);
            String dockerfile = build instanceof Map<?, ?> map && map.get("dockerfile") != null
                    ? String.valueOf(map.get("dockerfile"))
                    : "Dockerfile";
            assertThat(repositoryRoot.resolve(context).resolve(dockerfile))
                    .as("Dockerfile of %s", name)
                    .isRegularFile();
        }
    }

    @Test
    void postgres_has_a_healthcheck() {
        assertThat(healthcheckTest("postgres")).as("postgres healthcheck test").isNotEmpty();
    }

    @Test
    void dependencies_name_existing_services_and_wait_only_for_services_with_a_healthcheck() {
        for (String name : services.keySet()) {
            dependencies(name).forEach((dependency, condition) -> {
                assertThat(services.keySet())
                        .as("%s depends on unknown service %s", name, dependency)
                        .contains(dependency);
                if ("service_healthy".equals(condition)) {
                    assertThat(healthcheckTest(dependency))
                            .as("%s waits for %s to be healthy, which has no healthcheck", name, dependency)
                            .isNotEmpty();
                }
            });
        }
    }

    @Test
    void the_dependency_graph_has_no_cycles() {
        Set<String> done = new LinkedHashSet<>();
        for (String name : services.keySet()) {
            visit(name, new ArrayList<>(), done);
        }
        assertThat(done).containsAll(services.keySet());
    }

    @Test
    void the_command_service_waits_for_its_database_and_axon_server_to_be_healthy() {
        assertThat(dependencies("command-service"))
                .containsEntry("postgres", "service_healthy")
                .containsEntry("axonserver", "service_healthy");
        assertThat(healthcheckTest("command-service")).isNotEmpty();
    }

    @Test
    void the_command_service_talks_to_the_compose_postgres_and_axon_server() {
        Map<String, String> environment = environment("command-service");

        assertThat(environment)
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/creditcast")
                .containsEntry("AXON_AXONSERVER_ENABLED", "true")
                .containsEntry("AXON_AXONSERVER_SERVERS", "axonserver:8124")
                .containsEntry("AXONIQ_UPDATE_CHECKER_DISABLED", "true")
                .containsKeys("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
        Map<String, String> postgres = environment("postgres");
        assertThat(environment.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(environment.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
        assertThat(environment.get("SPRING_DATASOURCE_URL")).endsWith("/" + postgres.get("POSTGRES_DB"));
    }

    @Test
    void every_command_service_variable_binds_to_a_property_in_its_application_yml() throws IOException {
        Path applicationYml = repositoryRoot.resolve("command-service/src/main/resources/application.yml");
        Set<String> declared = new LinkedHashSet<>();
        for (Object document : loadYaml(applicationYml)) {
            if (document != null) {
                flatten("", document, declared);
            }
        }
        Map<String, String> environment = new LinkedHashMap<>(environment("command-service"));
        NON_SPRING_ENVIRONMENT.keySet().forEach(environment::remove);

        List<String> unbound = new ArrayList<>();
        for (String variable : environment.keySet()) {
            if (boundProperty(variable, declared) == null) {
                unbound.add(variable);
            }
        }

        assertThat(environment)
                .as("command-service environment in docker-compose.yml")
                .isNotEmpty();
        assertThat(unbound)
                .as("variables that bind to no property of %s (renamed or removed property?)", applicationYml)
                .isEmpty();
    }

    @Test
    void the_relaxed_binding_rule_is_the_one_spring_applies() {
        Set<String> declared =
                Set.of("spring.datasource.url", "axon.axonserver.servers", "creditcast.metering.max-batch-size");

        assertThat(boundProperty("SPRING_DATASOURCE_URL", declared)).isEqualTo("spring.datasource.url");
        assertThat(boundProperty("AXON_AXONSERVER_SERVERS", declared)).isEqualTo("axon.axonserver.servers");
        assertThat(boundProperty("CREDITCAST_METERING_MAXBATCHSIZE", declared))
                .isEqualTo("creditcast.metering.max-batch-size");
        assertThat(boundProperty("SPRING_DATASOURCE_URI", declared)).isNull();
        assertThat(boundProperty("AXON_SERVERS", declared)).isNull();
    }

    /**
     * The declared property that the variable binds to, asking Spring Boot's own environment-variable mapping
     * (so dashes, case and list indexes follow the real rule), or {@code null}.
     */
    private static String boundProperty(String variable, Set<String> declared) {
        ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value")));
        for (String key : declared) {
            if (!ConfigurationPropertyName.isValid(key)) {
                continue;
            }
            ConfigurationProperty property = source.getConfigurationProperty(ConfigurationPropertyName.of(key));
            if (property != null) {
                return key;
            }
        }
        return null;
    }

    private void visit(String name, List<String> path, Set<String> done) {
        if (done.contains(name)) {
            return;
        }
        assertThat(path).as("depends_on cycle through %s", path).doesNotContain(name);
        path.add(name);
        if (services.containsKey(name)) {
            for (String dependency : dependencies(name).keySet()) {
                visit(dependency, path, done);
            }
        }
        path.removeLast();
        done.add(name);
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return asMap(services.get(name), name);
    }

    /** depends_on in either form: a list of names, or a map of name to {condition: ...}. */
    private static Map<String, String> dependencies(String name) {
        Object dependsOn = service(name).get("depends_on");
        Map<String, String> dependencies = new LinkedHashMap<>();
        if (dependsOn instanceof List<?> list) {
            list.forEach(dependency -> dependencies.put(String.valueOf(dependency), "service_started"));
        } else if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((dependency, options) -> {
                Object condition = options instanceof Map<?, ?> o ? o.get("condition") : null;
                dependencies.put(
                        String.valueOf(dependency), condition == null ? "service_started" : String.valueOf(condition));
            });
        }
        return dependencies;
    }

    /** environment in either form: a map, or a list of NAME=value. */
    private static Map<String, String> environment(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> variables.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int eq = text.indexOf('=');
                variables.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
            }
        }
        return variables;
    }

    private static List<?> healthcheckTest(String name) {
        Object healthcheck = service(name).get("healthcheck");
        if (!(healthcheck instanceof Map<?, ?> map) || "true".equals(String.valueOf(map.get("disable")))) {
            return List.of();
        }
        Object test = map.get("test");
        if (test instanceof List<?> list) {
            return list.isEmpty() || "NONE".equals(String.valueOf(list.getFirst())) ? List.of() : list;
        }
        return test == null || String.valueOf(test).isBlank() ? List.of() : List.of(test);
    }

    /** Flattens nested maps to dotted keys and lists to [index] keys, as Spring does for YAML. */
    private static void flatten(String prefix, Object node, Set<String> keys) {
        if (node instanceof Map<?, ?> map) {
            map.forEach(
                    (key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, keys));
        } else if (node instanceof List<?> list) {
            keys.add(prefix);
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), keys);
            }
        } else {
            keys.add(prefix);
        }
    }

    /** Every document of a YAML file, with every scalar kept as a string (no YAML 1.1 yes/no/on booleans). */
    private static List<Object> loadYaml(Path file) throws IOException {
        assertThat(file).as("YAML file").isRegularFile();
        LoaderOptions options = new LoaderOptions();
        Yaml yaml = new Yaml(
                new SafeConstructor(options),
                new Representer(new DumperOptions()),
                new DumperOptions(),
                options,
                new StringsOnlyResolver());
        List<Object> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            yaml.loadAll(reader).forEach(documents::add);
        }
        assertThat(documents).as("documents in %s", file).isNotEmpty();
        return documents;
    }

    private static final class StringsOnlyResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            // no implicit types: every plain scalar is a string
        }
    }

    /** A YAML mapping with its keys as strings, in file order. */
    private static Map<String, Object> asMap(Object node, String what) {
        assertThat(node).as("%s must be a mapping", what).isInstanceOf(Map.class);
        Map<String, Object> map = new LinkedHashMap<>();
        ((Map<?, ?>) node).forEach((key, value) -> map.put(String.valueOf(key), value));
        return map;
    }

    /**
     * The repository root: surefire runs in the module directory ({@code command-service}), an IDE may run in
     * the root; either way it is the nearest directory holding both docker-compose.yml and command-service/.
     */
    private static Path findRepositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml"))
                    && Files.isDirectory(dir.resolve("command-service"))) {
                return dir;
            }
        }
        throw new AssertionError("no docker-compose.yml next to command-service/ in " + start + " or above");
    }
}

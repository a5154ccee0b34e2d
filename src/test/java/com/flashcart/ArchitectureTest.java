package com.flashcart;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The architecture, stated as tests that see what the code really does: which capability may call which (and
 * never in a cycle), which capability owns each table (read from every SQL string and query in the sources), and
 * where transactions are opened. docs/architecture.md shows the same maps; {@link #theDocsShowTheseMaps} keeps
 * them equal.
 */
@Tag("unit")
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.flashcart");

    /** Every table, and the one package that reads and writes it. Others go through that package's Java API. */
    static final Map<String, String> OWNERS = new TreeMap<>(Map.ofEntries(
            Map.entry("app_user", "session"),
            Map.entry("point_wallet", "point"),
            Map.entry("point_ledger", "point"),
            Map.entry("product", "catalog"),
            Map.entry("coupon", "coupon"),
            Map.entry("user_coupon", "coupon"),
            Map.entry("customer_order", "order"),
            Map.entry("order_line", "order"),
            Map.entry("payment", "payment"),
            Map.entry("outbox_event", "outbox"),
            Map.entry("idempotency_record", "common.idempotency"),
            Map.entry("replica_heartbeat", "common.db")));

    /**
     * Which capabilities each capability may use (besides common, which every one may use and which uses none).
     * The arrows point one way: order takes stock from catalog and coupons from coupon; payment marks orders paid
     * and refunds them through order's API and spends points; ranking reads what order offers.
     */
    static final Map<String, Set<String>> MAY_USE = new TreeMap<>(Map.of(
            "session", Set.of(),
            "point", Set.of("session"),
            "catalog", Set.of(),
            "coupon", Set.of(),
            "outbox", Set.of(),
            "order", Set.of("catalog", "coupon", "outbox"),
            "payment", Set.of("order", "point", "coupon", "outbox"),
            "ranking", Set.of("catalog", "order", "payment")));

    private static final Pattern TABLE = Pattern.compile(
            "\\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\\s+`?([a-z_]+)`?", Pattern.CASE_INSENSITIVE);
    private static final Pattern STRING = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"",
            Pattern.DOTALL);

    @Test
    void capabilitiesUseOnlyTheCapabilitiesTheyMay() {
        for (Map.Entry<String, Set<String>> capability : MAY_USE.entrySet()) {
            List<String> forbidden = new ArrayList<>();
            for (String other : MAY_USE.keySet()) {
                if (!other.equals(capability.getKey()) && !capability.getValue().contains(other)) {
                    forbidden.add("com.flashcart." + other + "..");
                }
            }
            noClasses().that().resideInAPackage("com.flashcart." + capability.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because(capability.getKey() + " may use only " + capability.getValue() + " (and common)")
                    .check(MAIN);
        }
    }

    @Test
    void commonUsesNoCapabilityAndTheRootPackageHoldsNothing() {
        noClasses().that().resideInAPackage("com.flashcart.common..")
                .should().dependOnClassesThat().resideInAnyPackage(MAY_USE.keySet().stream()
                        .map(c -> "com.flashcart." + c + "..").toArray(String[]::new))
                .check(MAIN);
        noClasses().should().resideInAPackage("com.flashcart")
                .because("every class belongs to a capability or to common")
                .check(MAIN);
    }

    @Test
    void capabilitiesAreFreeOfCycles() {
        slices().matching("com.flashcart.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * Reads every string literal and text block in src/main/java (native SQL, JPQL, HQL) and fails when a package
     * names a table it does not own; and every entity lives in the package that owns its table.
     */
    @Test
    void onlyTheOwnerOfATableNamesIt() throws IOException {
        Map<String, Set<String>> trespasses = new TreeMap<>();
        Path root = Path.of("src/main/java/com/flashcart");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String owner = packageOf(root.relativize(file));
                Matcher literal = STRING.matcher(Files.readString(file));
                while (literal.find()) {
                    String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
                    Matcher table = TABLE.matcher(text);
                    while (table.find()) {
                        String name = table.group(1).toLowerCase();
                        String tableOwner = OWNERS.get(name);
                        if (tableOwner != null && !tableOwner.equals(owner)) {
                            trespasses.computeIfAbsent(root.relativize(file).toString(), f -> new TreeSet<>())
                                    .add(name + " (owned by " + tableOwner + ")");
                        }
                    }
                }
            }
        }
        assertEquals(Map.of(), trespasses, "SQL naming another package's table");
    }

    @Test
    void entitiesLiveWithTheirTableAndAreUsedOnlyThere() {
        classes().that().areAnnotatedWith(jakarta.persistence.Table.class)
                .should(new com.tngtech.archunit.lang.ArchCondition<>("live in the package that owns their table") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaClass entity,
                            com.tngtech.archunit.lang.ConditionEvents events) {
                        String table = entity.getAnnotationOfType(jakarta.persistence.Table.class).name();
                        String owner = OWNERS.get(table);
                        String pkg = entity.getPackageName().replace("com.flashcart.", "");
                        if (owner == null || !(pkg.equals(owner) || pkg.startsWith(owner + "."))) {
                            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(entity,
                                    entity.getName() + " maps " + table + ", owned by " + owner));
                        }
                    }
                }).check(MAIN);
        for (String capability : MAY_USE.keySet()) {
            noClasses().that().resideOutsideOfPackage("com.flashcart." + capability + "..")
                    .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.<com.tngtech.archunit.core.domain.JavaClass> describe(
                            "entities of " + capability,
                            c -> c.getPackageName().startsWith("com.flashcart." + capability)
                                    && (c.isAnnotatedWith(jakarta.persistence.Entity.class)
                                            || c.isAssignableTo(PanacheEntityBase.class))))
                    .check(MAIN);
        }
    }

    @Test
    void resourcesOnlyMapAndDelegate() {
        noClasses().that().resideInAPackage("..rest..")
                .should().dependOnClassesThat().resideInAnyPackage("org.hibernate..", "jakarta.persistence..",
                        "io.agroal..", "io.quarkus.redis..", "io.quarkus.narayana..", "com.flashcart.common.db..",
                        "com.flashcart.common.idempotency..")
                .because("resources map HTTP to use cases; use cases hold transactions and idempotency")
                .check(MAIN);
        noClasses().that().resideInAPackage("..rest..")
                .should().dependOnClassesThat().haveFullyQualifiedName("jakarta.transaction.Transactional")
                .check(MAIN);
    }

    @Test
    void entitiesAreNeverRequestOrResponseTypes() {
        noClasses().that().resideInAPackage("..rest..")
                .should().dependOnClassesThat().areAssignableTo(PanacheEntityBase.class)
                .because("request and response types are records, never entities (the defence against mass assignment)")
                .check(MAIN);
    }

    @Test
    void readViewsAreNotPanacheEntities() {
        classes().that().resideInAPackage("..read..").and().areAnnotatedWith(jakarta.persistence.Entity.class)
                .should().notBeAssignableTo(PanacheEntityBase.class)
                .because("a read view is mapped in both persistence units, which Panache entities cannot be")
                .check(MAIN);
    }

    /** Transactions are opened in the few places docs/architecture.md lists, each for its reason. */
    @Test
    void transactionsAreOpenedOnlyThroughTransactions() {
        noClasses().that().doNotHaveFullyQualifiedName("com.flashcart.common.db.Transactions")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.quarkus.narayana.jta.QuarkusTransaction")
                .because("use cases and jobs open transactions with Transactions (one place, with deadlock retry)")
                .check(MAIN);
    }

    @Test
    void theDocsShowTheseMaps() throws IOException {
        String docs = Files.readString(Path.of("docs/architecture.md"));
        for (Map.Entry<String, String> owner : OWNERS.entrySet()) {
            assertTrue(Pattern.compile("\\|\\s*`" + owner.getKey() + "`\\s*\\|\\s*`" + Pattern.quote(owner.getValue())
                    + "`\\s*\\|").matcher(docs).find(), "docs/architecture.md lists " + owner);
        }
        for (Map.Entry<String, Set<String>> uses : MAY_USE.entrySet()) {
            for (String used : uses.getValue()) {
                assertTrue(docs.contains(uses.getKey() + " --> " + used), "docs/architecture.md draws "
                        + uses.getKey() + " --> " + used);
            }
        }
    }

    /** "order/rest/OrderResource.java" is in "order"; "common/idempotency/X.java" in "common.idempotency". */
    private static String packageOf(Path relative) {
        String first = relative.getName(0).toString();
        if (first.equals("common") && relative.getNameCount() > 2) {
            return "common." + relative.getName(1);
        }
        return relative.getNameCount() > 1 ? first : "";
    }
}

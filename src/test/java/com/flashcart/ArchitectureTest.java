package com.flashcart;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The layering rules of STYLE.md, stated as tests so they stay true. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.flashcart");

    @Test
    void resourcesOnlyMapAndDelegate() {
        noClasses().that().resideInAPackage("..rest..")
                .should().dependOnClassesThat().resideInAnyPackage("org.hibernate..", "jakarta.persistence..",
                        "io.agroal..", "io.quarkus.redis..", "com.flashcart.common.db..")
                .because("resources map HTTP to services; services own data access and transactions")
                .check(MAIN);
    }

    @Test
    void resourcesNeverOpenTransactions() {
        noClasses().that().resideInAPackage("..rest..")
                .should().dependOnClassesThat().haveFullyQualifiedName("jakarta.transaction.Transactional")
                .because("transactions are declared on services")
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

    @Test
    void commonDependsOnNoCapability() {
        noClasses().that().resideInAPackage("com.flashcart.common..")
                .should().dependOnClassesThat().resideInAnyPackage("com.flashcart.catalog..", "com.flashcart.order..",
                        "com.flashcart.point..", "com.flashcart.coupon..", "com.flashcart.payment..",
                        "com.flashcart.session..", "com.flashcart.ranking..", "com.flashcart.outbox..")
                .check(MAIN);
    }
}

package io.tickertape.digest.recipients;

import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipientStoreTest {

    private Database db;
    private RecipientStore store;

    @BeforeEach
    void setUp() {
        db = TestDatabases.freshSchema();
        store = new RecipientStore(db.jdbi());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void addressesAreOnePerMailboxCaseInsensitivelyAndRemovalDeactivates() {
        Recipient ann = store.add("Ann Reader <Ann@Example.com>", null);
        assertThat(ann.email()).isEqualTo("Ann@Example.com");
        assertThat(ann.displayName()).isEqualTo("Ann Reader");
        assertThat(ann.unsubscribeToken()).matches("[A-Za-z0-9_-]{43}");
        assertThat(ann.toString()).doesNotContain(ann.unsubscribeToken());

        Recipient again = store.add("ann@example.COM", null);
        assertThat(again.id()).isEqualTo(ann.id());
        assertThat(again.unsubscribeToken()).isEqualTo(ann.unsubscribeToken());
        Recipient bob = store.add("bob@example.com", "Bob");
        assertThat(bob.unsubscribeToken()).isNotEqualTo(ann.unsubscribeToken());

        assertThat(store.remove("ANN@example.com")).isTrue();
        assertThat(store.remove("ann@example.com")).isFalse();
        assertThat(store.active()).extracting(Recipient::email).containsExactly("bob@example.com");
        assertThat(store.all()).hasSize(2);

        Recipient back = store.add("ann@example.com", "Ann R.");
        assertThat(back.active()).isTrue();
        assertThat(back.displayName()).isEqualTo("Ann R.");
        assertThat(store.active()).extracting(Recipient::id).containsExactly(ann.id(), bob.id());
    }

    @Test
    void oneClickUnsubscribeWorksByTokenOnlyAndIsIdempotent() {
        Recipient ann = store.add("ann@example.com", null);
        assertThat(store.unsubscribe("not-a-real-token-but-long-enough")).isEmpty();
        assertThat(store.unsubscribe("' OR 1=1 --")).isEmpty();
        assertThat(store.unsubscribe(ann.unsubscribeToken())).get().extracting(Recipient::active).isEqualTo(false);
        assertThat(store.unsubscribe(ann.unsubscribeToken())).isPresent();
        assertThat(store.active()).isEmpty();
    }

    @Test
    void invalidOrInjectedAddressesAreRefused() {
        for (String bad : new String[]{"", "not-an-address", "a@example.com\r\nBcc: b@example.com",
                "a@example.com, b@example.com", "group: a@example.com;"}) {
            assertThatThrownBy(() -> store.add(bad, null)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.all()).isEmpty();
    }
}

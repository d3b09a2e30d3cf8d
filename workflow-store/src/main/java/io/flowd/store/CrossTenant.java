package io.flowd.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a DAO method that legitimately spans tenants (a sweeper, a reconciliation, a lookup that
 * finds the tenant): the one exception to the rule that every DAO method takes the tenant id first.
 * Each row such a method returns names its tenant.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CrossTenant {
  /** Why the method spans tenants. */
  String value();
}

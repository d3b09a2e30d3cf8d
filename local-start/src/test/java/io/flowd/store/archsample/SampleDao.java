package io.flowd.store.archsample;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;

/** Breaks the DAO rule on purpose: a method that finds rows of every tenant unmarked. */
public interface SampleDao {
  /** Finds workflows by name in every tenant. */
  List<String> byName(@Bind("name") String name);
}

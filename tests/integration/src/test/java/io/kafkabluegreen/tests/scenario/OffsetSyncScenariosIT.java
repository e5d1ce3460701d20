package io.kafkabluegreen.tests.scenario;

import io.kafkabluegreen.tests.system.Strategy;

/** Strategy B (one group per revision, offsets copied at the switch): the common scenarios. */
class OffsetSyncScenariosIT extends HandoverScenarios {

  @Override
  Strategy strategy() {
    return Strategy.OFFSET_SYNC;
  }
}

import { cloudInitOptions } from './cloudEnv';

App({
  onLaunch() {
    // wx.cloud is missing below base library 2.2.3; the page explains the failed call.
    if (!wx.cloud) {
      console.error('wx.cloud is unavailable: use base library 2.2.3 or later.');
      return;
    }
    // traceUser records visiting users in the cloud console (用户管理).
    wx.cloud.init(cloudInitOptions());
  },
});

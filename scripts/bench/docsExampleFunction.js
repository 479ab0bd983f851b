// The baseline: the getOrder docs' own cloud-function example, plain JavaScript as the docs write it. It validates
// nothing, checks no caller, decodes no label and logs nothing: it hands the event to the SDK and returns its answer.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

exports.main = async (event) => {
  return await cloud.openapi.logistics.getOrder({ ...event });
};
